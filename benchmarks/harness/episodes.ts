import { encodeAction } from '../../src/actions/encode.js';
import type { RegisteredTool } from '../../src/tools/registry.js';
import { ToolEnv } from '../../src/core/tool-env.js';
import { rngStream, type Rng } from '../../src/core/rng.js';
import type { QueryInstance } from '../../src/tasks/instance.js';
import { oraclePlan } from '../../src/rollout/oracle.js';
import type { ToolContext } from '../../src/tools/tool.js';
import type { Environment } from '../../src/core/environment.js';

/** What the floor does for one call: parse this JSON text, validate it, run the handler. */
export interface FloorCall {
  readonly entry: RegisteredTool;
  readonly json: string;
  /** Reads the call's arguments out of the parsed JSON (the whole action for xLAM). */
  readonly pick: (parsed: any) => unknown;
}

/** An oracle episode fixed in advance: its seed, its instance, and the actions in one format. */
export interface PlannedEpisode {
  readonly seed: number;
  readonly instance: QueryInstance;
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

/**
 * Plays nothing: resets `env` on each seed to learn its instance, and writes the oracle's calls as
 * actions in `format`. Resetting on the same seed later gives the same instance.
 */
export function planEpisodes(env: ToolEnv, seeds: readonly number[], format: string, keep: (tools: readonly string[]) => boolean = () => true): PlannedEpisode[] {
  const environment = env.environment;
  const planned: PlannedEpisode[] = [];
  for (const seed of seeds) {
    env.reset({ seed, options: { actionFormat: format } });
    const instance = env.instance!;
    const plan = oraclePlan(environment, instance);
    const tools = plan.map((c) => c.tool);
    if (!keep(tools)) continue;
    const actions: unknown[] = [];
    const floor: FloorCall[] = [];
    plan.forEach((call, i) => {
      const action = encodeAction(format, [{ name: call.tool, arguments: call.arguments }], i + 1, undefined, environment.definition.parsers);
      actions.push(action);
      floor.push(floorCall(format, environment.registry.get(call.tool)!, action, call.arguments));
    });
    planned.push({ seed, instance, actions, tools, floor });
  }
  return planned;
}

/** A handler context as the env makes one: the world, the state, a stream made only if read. */
class FloorContext implements ToolContext {
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
 * the tool's zod schema and call the handler directly. Returns the milliseconds spent on that.
 */
export function floorEpisode(environment: Environment, world: unknown, episode: PlannedEpisode): number {
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
