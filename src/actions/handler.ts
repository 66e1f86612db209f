import type { JsonValue } from '../core/json.js';
import { rngStream, type Rng, type Seed } from '../core/rng.js';
import { drawFault, FAULT_MESSAGES, malform, type FaultConfig, type FaultKind } from '../tools/faults.js';
import type { ToolRegistry } from '../tools/registry.js';
import { isToolError, type ToolContext } from '../tools/tool.js';
import { checkArguments } from './arguments.js';
import { notOfferedMessage, unknownToolMessage, type ErrorClass } from './errors.js';
import { parseAction } from './formats.js';
import type { ActionParser } from './parse-result.js';

/** What one call came to; its `observation` is the text the agent reads. */
export interface CallReport {
  readonly id: string;
  readonly name: string;
  /** The arguments as validated (as sent when they failed); read-only: may hold frozen records shared with other steps. */
  readonly args: unknown;
  readonly ok: boolean;
  readonly errorClass: ErrorClass | null;
  readonly message: string | null;
  readonly fault: FaultKind | null;
  readonly output: JsonValue | undefined;
  readonly observation: string;
  /** False for calls skipped because an earlier call of the same action failed or ended the episode. */
  readonly executed: boolean;
}

export interface FinalAnswer {
  readonly answer: string | null;
  readonly gaveUp: boolean;
}

/** The action-level evaluation of one step: pass, or the first failed layer with its message. */
export interface ActionReport {
  readonly format: string;
  readonly ok: boolean;
  readonly errorClass: ErrorClass | null;
  readonly message: string | null;
  readonly thought: string | null;
  readonly calls: readonly CallReport[];
  readonly final: FinalAnswer | null;
  /** For text formats, the action text that was read and executed (see ParseResult); the transcript keeps this. */
  readonly text?: string;
}

/** What the agent reads for a call: the tool's output, or the reason it failed. */
export type CallResult =
  | { readonly ok: true; readonly tool: string; readonly output: JsonValue }
  | { readonly ok: false; readonly tool: string; readonly errorClass: ErrorClass; readonly message: string; readonly status: string };

export type ObservationFormatter = (result: CallResult) => string;

export const defaultObservation: ObservationFormatter = (result) =>
  result.ok ? (typeof result.output === 'string' ? result.output : JSON.stringify(result.output)) : `Error: ${result.message}`;

export interface ActionContext {
  readonly registry: ToolRegistry;
  readonly offered: ReadonlySet<string>;
  readonly offeredList: readonly string[];
  readonly parsers: readonly ActionParser[];
  readonly world: unknown;
  readonly state: unknown;
  readonly episodeSeed: Seed;
  readonly step: number;
  readonly faults: FaultConfig | null;
  readonly maxCallsPerStep: number;
  readonly observe: ObservationFormatter;
  readonly readFinal: (tool: string, args: unknown) => FinalAnswer;
}

/**
 * A handler's context, one per call. Its fields are only assigned in the constructor (declared,
 * not defined as class fields, and no private field): a class field is defined by an initializer
 * run before the constructor's body, which cost a handful of property definitions on every call.
 */
class CallContext implements ToolContext {
  declare readonly world: unknown;
  declare readonly state: unknown;
  declare private readonly seed: Seed;
  declare private readonly step: number;
  declare private readonly index: number;
  declare private stream: Rng | null;
  constructor(world: unknown, state: unknown, seed: Seed, step: number, index: number) {
    this.world = world;
    this.state = state;
    this.seed = seed;
    this.step = step;
    this.index = index;
    this.stream = null;
  }
  get rng(): Rng {
    return (this.stream ??= rngStream(this.seed, 'call', String(this.step), String(this.index)));
  }
}

function failed(ctx: ActionContext, id: string, name: string, args: unknown, errorClass: ErrorClass, message: string, status: string, fault: FaultKind | null = null, observation?: string): CallReport {
  return {
    id,
    name,
    args,
    ok: false,
    errorClass,
    message,
    fault,
    output: undefined,
    observation: observation ?? ctx.observe({ ok: false, tool: name, errorClass, message, status }),
    executed: errorClass === 'execution',
  };
}

function skipped(ctx: ActionContext, id: string, name: string, args: unknown, why: string): CallReport {
  return { id, name, args, ok: false, errorClass: null, message: why, fault: null, output: undefined, observation: ctx.observe({ ok: false, tool: name, errorClass: 'structure', message: why, status: 'skipped' }), executed: false };
}

/**
 * Parses, verifies and executes one action: structure -> tool name -> arguments -> execution.
 * Never throws on anything in `action`; a handler that throws becomes an execution error.
 */
export function handleAction(action: unknown, ctx: ActionContext): ActionReport {
  const parsed = parseAction(action, ctx.parsers, ctx.step);
  if (!parsed.ok) {
    const message = parsed.message;
    const calls = parsed.callIds.map((c) => failed(ctx, c.id, c.name, undefined, 'structure', message, 'bad_format'));
    return { format: parsed.format, ok: false, errorClass: 'structure', message, thought: null, calls, final: null };
  }
  if (parsed.calls.length > ctx.maxCallsPerStep) {
    const message = `at most ${ctx.maxCallsPerStep} tool call(s) per turn, got ${parsed.calls.length}`;
    const calls = parsed.calls.map((c) => failed(ctx, c.id, c.name, c.args, 'structure', message, 'bad_format'));
    return { format: parsed.format, ok: false, errorClass: 'structure', message, thought: parsed.thought, calls, final: null, ...(parsed.text !== undefined ? { text: parsed.text } : {}) };
  }
  const calls = parsed.calls;
  // Sized up front: a pushed-to empty array takes a 17-slot store, for what is one call nearly always.
  const reports = new Array<CallReport>(calls.length);
  let firstError: CallReport | null = null;
  let final: FinalAnswer | null = null;
  for (let i = 0; i < calls.length; i++) {
    const call = calls[i]!;
    if (firstError !== null || final !== null) {
      reports[i] = skipped(ctx, call.id, call.name, call.args, final !== null ? 'not executed: the episode already ended' : 'not executed: an earlier call in this turn failed');
      continue;
    }
    const report = (reports[i] = runCall(ctx, call.id, call.name, call.args, i));
    if (!report.ok) firstError = report;
    else if (report.output === ANSWER_RECEIVED) final = finalOf(ctx, report);
  }
  const ok = firstError === null;
  const errorClass = firstError?.errorClass ?? null;
  const message = firstError?.message ?? null;
  // Built without a spread: a text format's report carries `text` last, a message format's has none.
  if (parsed.text === undefined) return { format: parsed.format, ok, errorClass, message, thought: parsed.thought, calls: reports, final };
  return { format: parsed.format, ok, errorClass, message, thought: parsed.thought, calls: reports, final, text: parsed.text };
}

/** The output of a terminal call; a tool's own output equal to it is told apart in finalOf. */
const ANSWER_RECEIVED = 'Answer received.';

/** The final answer a successful call gives, or null for a call to a tool that does not end the episode. */
function finalOf(ctx: ActionContext, report: CallReport): FinalAnswer | null {
  return ctx.registry.get(report.name)?.tool.terminal === true ? ctx.readFinal(report.name, report.args) : null;
}

function runCall(ctx: ActionContext, id: string, name: string, args: unknown, index: number): CallReport {
  const entry = ctx.registry.get(name);
  if (entry === undefined) return failed(ctx, id, name, args, 'toolname', unknownToolMessage(name, ctx.offeredList), 'unknown_tool');
  if (!ctx.offered.has(name)) return failed(ctx, id, name, args, 'toolname', notOfferedMessage(name, ctx.offeredList), 'not_offered');
  const checked = checkArguments(entry, args);
  if (!checked.ok) return failed(ctx, id, name, args, 'arguments', `Invalid arguments for ${name}: ${checked.message}`, 'bad_arguments');
  const value = checked.value;
  if (entry.tool.terminal === true) {
    const output: JsonValue = ANSWER_RECEIVED;
    return { id, name, args: value, ok: true, errorClass: null, message: null, fault: null, output, observation: ctx.observe({ ok: true, tool: name, output }), executed: true };
  }
  const fault = ctx.faults === null ? null : drawFault(ctx.faults, ctx.episodeSeed, ctx.step, index, name);
  if (fault !== null && fault !== 'malformed_response') {
    return failed(ctx, id, name, value, 'execution', FAULT_MESSAGES[fault], fault, fault);
  }
  let output: JsonValue;
  try {
    const result = entry.tool.handler(value, new CallContext(ctx.world, ctx.state, ctx.episodeSeed, ctx.step, index));
    if (isToolError(result)) return failed(ctx, id, name, value, 'execution', result.message, result.status);
    output = result;
  } catch (error) {
    return failed(ctx, id, name, value, 'execution', `internal error in ${name}: ${(error as Error)?.message ?? String(error)}`, 'crash');
  }
  const observation = ctx.observe({ ok: true, tool: name, output });
  if (fault === 'malformed_response') {
    return failed(ctx, id, name, value, 'execution', FAULT_MESSAGES[fault], fault, fault, malform(observation));
  }
  return { id, name, args: value, ok: true, errorClass: null, message: null, fault: null, output, observation, executed: true };
}
