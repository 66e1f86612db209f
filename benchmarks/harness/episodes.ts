import { encodeAction } from '../../src/actions/encode.js';
import type { RegisteredTool } from '../../src/tools/registry.js';
import { ToolEnv } from '../../src/core/tool-env.js';
import { rngStream, type Rng } from '../../src/core/rng.js';
import type { QueryInstance, SolutionCall } from '../../src/tasks/instance.js';
import { oraclePlan } from '../../src/rollout/oracle.js';
import { isToolError, type ToolContext } from '../../src/tools/tool.js';
import type { Environment } from '../../src/core/environment.js';
import { judgeAnswer } from '../../src/core/answer-check.js';

/** What the floor does for one call: parse this JSON text, validate it, run the handler. */
export interface FloorCall {
  readonly entry: RegisteredTool;
  readonly json: string;
  /** Reads the call's arguments out of the parsed JSON (the whole action for xLAM). */
  readonly pick: (parsed: any) => unknown;
}

/** An episode fixed in advance: its seed, its instance, and the actions in one format. */
export interface PlannedEpisode {
  readonly seed: number;
  readonly instance: QueryInstance;
  /** The world the episode plays in (its split's pool world for its seed): the floor's handlers read this one. */
  readonly world: unknown;
  /** The reset options that give this instance again (with the seed). */
  readonly resetOptions: Readonly<Record<string, unknown>>;
  readonly actions: readonly unknown[];
  readonly tools: readonly string[];
  readonly floor: readonly FloorCall[];
}

const whole = (parsed: any): unknown => parsed;
const firstXlamCall = (parsed: any): unknown => parsed?.tool_calls?.[0]?.arguments;

function floorCall(format: string, entry: RegisteredTool, action: unknown, args: unknown): FloorCall {
  if (format === 'openai') {
    const json = (action as { tool_calls: { function: { arguments: string } }[] }).tool_calls[0]!.function.arguments;
    return { entry, json, pick: whole };
  }
  if (format === 'xlam' && typeof action === 'string') return { entry, json: action, pick: firstXlamCall };
  return { entry, json: JSON.stringify(args), pick: whole };
}

export interface PlanOptions {
  /** Extra reset options (a template, ...). */
  readonly reset?: Readonly<Record<string, unknown>>;
  /** The calls to play; the oracle's plan by default. */
  readonly plan?: (environment: Environment, instance: QueryInstance) => SolutionCall[];
  /** Keeps only episodes whose calls pass this test. */
  readonly keep?: (tools: readonly string[]) => boolean;
}

export interface Planned {
  readonly episodes: PlannedEpisode[];
  /** Episodes left out because the format cannot write one of their calls. */
  readonly inexpressible: number;
}

/**
 * Plays nothing: resets `env` on each seed to learn its instance, and writes the plan's calls as
 * actions in `format`. Resetting on the same seed and options later gives the same instance.
 */
export function planEpisodes(env: ToolEnv, seeds: readonly number[], format: string, options: PlanOptions = {}): Planned {
  const environment = env.environment;
  const resetOptions = { ...options.reset, actionFormat: format };
  const plan = options.plan ?? oraclePlan;
  const episodes: PlannedEpisode[] = [];
  let inexpressible = 0;
  for (const seed of seeds) {
    env.reset({ seed, options: resetOptions });
    const instance = env.instance!;
    const world = env.world;
    const calls = plan(environment, instance);
    const tools = calls.map((c) => c.tool);
    if (options.keep && !options.keep(tools)) continue;
    const actions: unknown[] = [];
    const floor: FloorCall[] = [];
    try {
      calls.forEach((call, i) => {
        const action = encodeAction(format, [{ name: call.tool, arguments: call.arguments }], i + 1, undefined, environment.definition.parsers);
        actions.push(action);
        floor.push(floorCall(format, environment.registry.get(call.tool)!, action, call.arguments));
      });
    } catch {
      inexpressible++;
      continue;
    }
    episodes.push({ seed, instance, world, resetOptions, actions, tools, floor });
  }
  return { episodes, inexpressible };
}

/** A handler context as the env makes one: the world, the state, a stream made only if read. */
export class FloorContext implements ToolContext {
  #rng: Rng | null = null;
  constructor(
    readonly world: unknown,
    readonly state: unknown,
    private readonly seed: number,
    private readonly step: number,
  ) {}
  get rng(): Rng {
    return (this.#rng ??= rngStream(this.seed, 'call', String(this.step), '0'));
  }
}

/**
 * The floor of one episode: for each call, JSON-parse the action's arguments, validate them with
 * the tool's zod schema and call the handler directly, in the episode's own world. Returns the
 * milliseconds spent on that.
 */
export function floorEpisode(environment: Environment, episode: PlannedEpisode): number {
  const world = episode.world;
  const state = environment.sandbox(world).createState(world);
  const start = performance.now();
  for (let i = 0; i < episode.floor.length; i++) {
    const call = episode.floor[i]!;
    const checked = call.entry.tool.input.safeParse(call.pick(JSON.parse(call.json)));
    if (!checked.success) throw new Error(`floor: arguments of ${call.entry.tool.name} do not validate`);
    call.entry.tool.handler(checked.data, new FloorContext(world, state, episode.seed, i + 1));
  }
  return performance.now() - start;
}

/**
 * The floor plus what every env must also do for the same calls, however it is built: write each
 * output as JSON text (the least an observation costs) and, on the terminal call, judge the final
 * answer against the ground truth and run the template's final-state check. What the step adds
 * beyond this is the env's own bookkeeping (format parsing, error taxonomy, transcript, tallies,
 * info). Returns the milliseconds spent.
 */
export function requiredEpisode(environment: Environment, episode: PlannedEpisode): number {
  const world = episode.world;
  const state = environment.sandbox(world).createState(world);
  const instance = episode.instance;
  const start = performance.now();
  for (let i = 0; i < episode.floor.length; i++) {
    const call = episode.floor[i]!;
    const tool = call.entry.tool;
    const checked = tool.input.safeParse(call.pick(JSON.parse(call.json)));
    if (!checked.success) throw new Error(`required: arguments of ${tool.name} do not validate`);
    const output = tool.handler(checked.data, new FloorContext(world, state, episode.seed, i + 1));
    if (JSON.stringify(output) === undefined) throw new Error(`required: ${tool.name} gave no JSON output`);
    if (tool.terminal === true) {
      const final = environment.definition.finish.read(tool.name, checked.data);
      const verdict = judgeAnswer(final.gaveUp ? null : final.answer, instance);
      const check = environment.templates.get(instance.template)?.checkState;
      const problem = check ? check({ state, world, values: instance.values }) : null;
      if (!verdict.correct || problem !== null) throw new Error(`required: the oracle's answer on seed ${episode.seed} is not judged correct`);
    }
  }
  return performance.now() - start;
}

/**
 * Plays each episode's floor once untimed and fails when a handler answers the oracle's call with
 * a tool error: the oracle's calls all pass in step, so an error means the floor ran elsewhere
 * (another world) and timed cheaper work than the step did.
 */
export function verifyFloor(environment: Environment, episodes: readonly PlannedEpisode[]): void {
  for (const episode of episodes) {
    const world = episode.world;
    const state = environment.sandbox(world).createState(world);
    episode.floor.forEach((call, i) => {
      const checked = call.entry.tool.input.safeParse(call.pick(JSON.parse(call.json)));
      const output = checked.success ? call.entry.tool.handler(checked.data, new FloorContext(world, state, episode.seed, i + 1)) : null;
      if (!checked.success || isToolError(output)) throw new Error(`floor: ${call.entry.tool.name} fails on seed ${episode.seed}, where the step passed it`);
    });
  }
}

/** Where one tool's floor time goes, in microseconds per call, and how big its arguments and outputs are. */
export interface ToolFloor {
  readonly calls: number;
  readonly parseUs: number;
  readonly validateUs: number;
  readonly handlerUs: number;
  /** JSON.stringify of the output: what any observation of it costs at least. */
  readonly outputJsonUs: number;
  readonly argumentChars: number;
  readonly outputChars: number;
}

/** The floor split by tool and phase, over `rounds` passes of the episodes (the first is warm-up). */
export function floorByTool(environment: Environment, episodes: readonly PlannedEpisode[], rounds = 3): Record<string, ToolFloor> {
  const sums = new Map<string, { calls: number; parse: number; validate: number; handler: number; output: number; argumentChars: number; outputChars: number }>();
  for (let round = 0; round < rounds; round++) {
    for (const episode of episodes) {
      const world = episode.world;
      const state = environment.sandbox(world).createState(world);
      episode.floor.forEach((call, i) => {
        const t0 = performance.now();
        const args = call.pick(JSON.parse(call.json));
        const t1 = performance.now();
        const checked = call.entry.tool.input.safeParse(args);
        const t2 = performance.now();
        const output = checked.success ? call.entry.tool.handler(checked.data, new FloorContext(world, state, episode.seed, i + 1)) : null;
        const t3 = performance.now();
        const text = JSON.stringify(output) ?? '';
        const t4 = performance.now();
        if (round === 0) return;
        const name = call.entry.tool.name;
        let s = sums.get(name);
        if (!s) sums.set(name, (s = { calls: 0, parse: 0, validate: 0, handler: 0, output: 0, argumentChars: 0, outputChars: 0 }));
        s.calls++;
        s.parse += t1 - t0;
        s.validate += t2 - t1;
        s.handler += t3 - t2;
        s.output += t4 - t3;
        s.argumentChars += call.json.length;
        s.outputChars += text.length;
      });
    }
  }
  const perCall = (ms: number, calls: number) => Math.round((ms * 1000 * 10) / calls) / 10;
  const out: Record<string, ToolFloor> = {};
  for (const [name, s] of [...sums].sort((a, b) => b[1].parse + b[1].validate + b[1].handler - (a[1].parse + a[1].validate + a[1].handler))) {
    out[name] = {
      calls: s.calls / (rounds - 1),
      parseUs: perCall(s.parse, s.calls),
      validateUs: perCall(s.validate, s.calls),
      handlerUs: perCall(s.handler, s.calls),
      outputJsonUs: perCall(s.output, s.calls),
      argumentChars: Math.round(s.argumentChars / s.calls),
      outputChars: Math.round(s.outputChars / s.calls),
    };
  }
  return out;
}
