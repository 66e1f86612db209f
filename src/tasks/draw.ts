import type { JsonValue } from '../core/json.js';
import { rngStream, type Rng, type Seed } from '../core/rng.js';
import type { ToolRegistry } from '../tools/registry.js';
import { isToolError } from '../tools/tool.js';
import { checkArguments } from '../actions/arguments.js';
import type { Conversation, SolutionCall } from './instance.js';
import { buildConversation, type PathRun } from './conversation-instance.js';
import { resolveArg } from './refs.js';
import { stepName, type AnswerScope, type TaskTemplate } from './template.js';

/** What instance generation needs of an environment. */
export interface Sandbox<W = any, S = any> {
  readonly envId: string;
  readonly registry: ToolRegistry;
  readonly world: W;
  readonly createState: (world: W) => S;
  readonly finishTool: string;
  /** The seed the world was built from, recorded on each instance so a replay finds its world. */
  readonly worldSeed?: Seed;
}

export class TemplateError extends Error {
  override name = 'TemplateError';
}

/** One draw of a template: its placeholder values, the solution path it ran and the answer. */
export interface Drawn<W, S> {
  readonly values: Record<string, JsonValue>;
  readonly calls: SolutionCall[];
  readonly scope: AnswerScope<W, S>;
  readonly answer: JsonValue;
  readonly conversation?: Conversation;
}

/** Runs a tool exactly as an episode would, for generation; throws on a template bug. */
function runStep(sandbox: Sandbox, template: TaskTemplate, call: SolutionCall, state: unknown, seed: Seed, step: number): { ok: true; output: JsonValue } | { ok: false; why: string } {
  const entry = sandbox.registry.get(call.tool);
  if (!entry) throw new TemplateError(`template ${template.id}: unknown tool ${call.tool}`);
  const checked = checkArguments(entry, call.arguments);
  if (!checked.ok) return { ok: false, why: `${call.tool}: ${checked.message}` };
  const rng = rngStream(seed, 'call', String(step), '0');
  const result = entry.tool.handler(checked.value, { world: sandbox.world, state, rng });
  if (isToolError(result)) return { ok: false, why: `${call.tool}: ${result.message}` };
  return { ok: true, output: result };
}

/** Samples the placeholders and runs the solution path: the answer of one draw, or why the draw is rejected. */
export function drawAnswer<W, S>(sandbox: Sandbox<W, S>, template: TaskTemplate<W, S>, seed: Seed, rng: Rng): Drawn<W, S> | { why: string } {
  const values: Record<string, JsonValue> = {};
  for (const [name, placeholder] of Object.entries(template.placeholders)) {
    const value = placeholder.sample({ world: sandbox.world, rng, values });
    const checked = placeholder.schema.safeParse(value);
    if (!checked.success) throw new TemplateError(`template ${template.id}: placeholder ${name} sampled ${JSON.stringify(value)}, which fails its schema: ${checked.error.issues[0]?.message}`);
    values[name] = value;
  }
  const run = runPath(sandbox, template, seed, values);
  if ('why' in run) return run;
  const { calls, scope } = run;
  const answer = template.answer(scope);
  if (answer === undefined) throw new TemplateError(`template ${template.id}: answer() returned undefined`);
  const accepted = template.accept ? template.accept(scope) : true;
  if (accepted !== true) return { why: typeof accepted === 'string' ? accepted : 'rejected by accept()' };
  if (template.conversation) {
    const conversation = buildConversation(template, run, rng.child('conversation'), (changed) => runPath(sandbox, template, seed, changed), sandbox.world);
    if ('why' in conversation) return conversation;
    return { values, calls, scope, answer, conversation };
  }
  return { values, calls, scope, answer };
}

/** Runs the whole solution path with these values in a fresh state: its calls and outputs, or why it fails. */
function runPath<W, S>(sandbox: Sandbox<W, S>, template: TaskTemplate<W, S>, seed: Seed, values: Readonly<Record<string, JsonValue>>): PathRun<W, S> | { why: string } {
  const state = sandbox.createState(sandbox.world);
  const outputs: Record<string, JsonValue> = {};
  const calls: SolutionCall[] = [];
  for (let i = 0; i < template.path.length; i++) {
    const step = template.path[i]!;
    const args: Record<string, JsonValue> = {};
    for (const [arg, source] of Object.entries(step.args)) {
      const value = resolveArg(source, { values, outputs });
      if (value !== undefined) args[arg] = value;
    }
    const call: SolutionCall = { tool: step.tool, arguments: args };
    const ran = runStep(sandbox, template, call, state, seed, i + 1);
    if (!ran.ok) return { why: ran.why };
    outputs[stepName(step, i)] = ran.output;
    calls.push(call);
  }
  return { calls, scope: { values, outputs, world: sandbox.world, state } };
}
