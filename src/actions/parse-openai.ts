import { parseActionJson, isPlainObject, checkShape } from './safe-json.js';
import { structureFailure, textCallId, type ActionParser, type EncodedCall, type ParsedCall, type ParseResult } from './parse-result.js';

const FORMAT = 'openai';
const MAX_CALLS = 32;

/** An OpenAI chat-completions assistant message with `tool_calls`; `arguments` is a JSON string. */
export const openaiParser: ActionParser = {
  format: FORMAT,
  hint: 'an assistant message with tool_calls: [{ id, type: "function", function: { name, arguments: "<JSON object>" } }]',
  readsMessages: true,
  detect: () => false,
  encode(calls: readonly EncodedCall[], step: number, thought?: string) {
    return {
      role: 'assistant',
      content: thought ?? null,
      tool_calls: calls.map((c, i) => ({ id: textCallId(step, i), type: 'function', function: { name: c.name, arguments: JSON.stringify(c.arguments) } })),
    };
  },
  parse(action: unknown): ParseResult {
    if (!isPlainObject(action)) {
      return structureFailure(FORMAT, typeof action === 'string' ? 'plain text is not a tool call; call a function (use the terminal function to give your answer)' : `expected an assistant message object, got ${describe(action)}`);
    }
    const toolCalls = action['tool_calls'];
    if (toolCalls === undefined || toolCalls === null || (Array.isArray(toolCalls) && toolCalls.length === 0)) {
      return structureFailure(FORMAT, 'the message has no tool call; call a function (use the terminal function to give your answer)');
    }
    if (!Array.isArray(toolCalls)) return structureFailure(FORMAT, `tool_calls must be an array, got ${describe(toolCalls)}`);
    if (toolCalls.length > MAX_CALLS) return structureFailure(FORMAT, `too many tool calls (${toolCalls.length} > ${MAX_CALLS})`);
    const calls: ParsedCall[] = [];
    let problem: string | null = null;
    for (let i = 0; i < toolCalls.length && problem === null; i++) {
      const raw: unknown = toolCalls[i];
      const id = callId(raw, i);
      const fn = isPlainObject(raw) ? raw['function'] : undefined;
      const name = functionName(fn);
      if (!isPlainObject(fn)) {
        problem = `tool call ${i + 1} has no "function" object`;
        continue;
      }
      if (name === '') {
        problem = `tool call ${i + 1} has no function name`;
        continue;
      }
      const rawArgs = fn['arguments'];
      let args: unknown;
      if (typeof rawArgs === 'string') {
        const parsed = parseActionJson(rawArgs.trim() === '' ? '{}' : rawArgs);
        if (!parsed.ok) {
          problem = `arguments of tool call ${i + 1} (${JSON.stringify(name.slice(0, 64))}) are not valid JSON: ${parsed.message}`;
          continue;
        }
        args = parsed.value;
      } else if (rawArgs === undefined || rawArgs === null) {
        args = {};
      } else {
        const shape = checkShape(rawArgs);
        if (shape !== null) {
          problem = `arguments of tool call ${i + 1}: ${shape}`;
          continue;
        }
        args = rawArgs;
      }
      // One call, the common case, goes in an array literal: a pushed-to empty array takes a 17-slot store.
      if (toolCalls.length === 1) return { ok: true, format: FORMAT, calls: [{ id, name, args }], thought: thoughtOf(action) };
      calls.push({ id, name, args });
    }
    if (problem !== null) {
      // Every call of a failed action is reported by id and name, the ones after the problem too.
      const ids = Array.from({ length: toolCalls.length }, (_, i) => {
        const raw: unknown = toolCalls[i];
        return { id: callId(raw, i), name: functionName(isPlainObject(raw) ? raw['function'] : undefined) };
      });
      return structureFailure(FORMAT, problem, ids);
    }
    return { ok: true, format: FORMAT, calls, thought: thoughtOf(action) };
  },
};

function thoughtOf(action: Record<string, unknown>): string | null {
  const content = action['content'];
  return typeof content === 'string' && content !== '' ? content : null;
}

function callId(raw: unknown, i: number): string {
  return isPlainObject(raw) && typeof raw['id'] === 'string' && raw['id'] !== '' ? raw['id'] : `call_${i}`;
}

function functionName(fn: unknown): string {
  return isPlainObject(fn) && typeof fn['name'] === 'string' ? fn['name'] : '';
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
