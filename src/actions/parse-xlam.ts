import { isRecalled, recalledText } from '../core/recalled-json.js';
import { parseActionJson, isPlainObject } from './safe-json.js';
import { actionText, structureFailure, textCallId, type ActionParser, type EncodedCall, type ParsedCall, type ParseResult } from './parse-result.js';

const FORMAT = 'xlam';

/** The JSON inside the first fenced block (``` or ```json), or the whole text when there is none. */
export function unfence(text: string): string {
  const open = text.indexOf('```');
  if (open === -1) return text.trim();
  const lineEnd = text.indexOf('\n', open + 3);
  if (lineEnd === -1) return text.trim();
  const close = text.indexOf('```', lineEnd + 1);
  return (close === -1 ? text.slice(lineEnd + 1) : text.slice(lineEnd + 1, close)).trim();
}

/** xLAM's output format: `{"thought": "...", "tool_calls": [{"name": "...", "arguments": {...}}]}`. */
export const xlamParser: ActionParser = {
  format: FORMAT,
  hint: '{"thought": "...", "tool_calls": [{"name": "<function>", "arguments": {...}}]} (optionally in a ```json block)',
  encode(calls: readonly EncodedCall[], _step: number, thought?: string) {
    return JSON.stringify({ thought: thought ?? '', tool_calls: calls.map((c) => ({ name: c.name, arguments: c.arguments })) });
  },
  detect(text: string): boolean {
    const body = unfence(text);
    return body.startsWith('{') && body.includes('tool_calls');
  },
  parse(action: unknown, step: number): ParseResult {
    const text = actionText(action);
    if (text === null) return structureFailure(FORMAT, 'expected text holding a JSON object');
    const parsed = parseActionJson(unfence(text));
    if (!parsed.ok) return structureFailure(FORMAT, parsed.message);
    const doc = parsed.value;
    if (!isPlainObject(doc)) return structureFailure(FORMAT, 'expected a JSON object with "tool_calls"');
    const thought = typeof doc['thought'] === 'string' ? doc['thought'] : null;
    const list = doc['tool_calls'];
    if (!Array.isArray(list)) return structureFailure(FORMAT, '"tool_calls" must be an array');
    if (list.length === 0) return structureFailure(FORMAT, '"tool_calls" is empty; call a function (use the terminal function to give your answer)');
    const calls: ParsedCall[] = [];
    for (let i = 0; i < list.length; i++) {
      const item: unknown = list[i];
      if (!isPlainObject(item) || typeof item['name'] !== 'string' || item['name'] === '') {
        return structureFailure(FORMAT, `tool call ${i + 1} needs a "name" string`);
      }
      // Arguments given as an object are part of a document parseActionJson already held to the
      // size and depth limits, so they are within them too.
      let args: unknown = item['arguments'] ?? {};
      if (typeof args === 'string') {
        const inner = parseActionJson(args.trim() === '' ? '{}' : args);
        if (!inner.ok) return structureFailure(FORMAT, `arguments of tool call ${i + 1} are not valid JSON: ${inner.message}`);
        args = inner.value;
      }
      calls.push({ id: textCallId(step, i), name: item['name'], args });
    }
    // The transcript keeps what was read: the thought and the calls, not whatever else the model wrote
    // around or inside the JSON (a made-up "observation" key, text after the block).
    return { ok: true, format: FORMAT, calls, thought, text: readText(thought, calls) };
  },
};

/**
 * `JSON.stringify({ thought, tool_calls: [{ name, arguments }] })` (without `thought` when it is
 * null). Arguments are JSON values (parsed, or recalled from an earlier output): a recalled list
 * among them, or as them, is written from its known text instead of being walked again.
 */
function readText(thought: string | null, calls: readonly ParsedCall[]): string {
  let text = thought === null ? '{"tool_calls":[' : `{"thought":${JSON.stringify(thought)},"tool_calls":[`;
  for (let i = 0; i < calls.length; i++) {
    const call = calls[i]!;
    text += `${i > 0 ? ',' : ''}{"name":${JSON.stringify(call.name)},"arguments":${argumentsText(call.args)}}`;
  }
  return `${text}]}`;
}

function argumentsText(args: unknown): string {
  const whole = recalledText(args);
  if (whole !== undefined) return whole;
  if (!isPlainObject(args)) return JSON.stringify(args);
  const keys = Object.keys(args);
  let recalled = false;
  for (const key of keys) if (isRecalled(args[key])) recalled = true;
  if (!recalled) return JSON.stringify(args);
  let text = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const value = args[key];
    text += `${i > 0 ? ',' : ''}${JSON.stringify(key)}:${recalledText(value) ?? JSON.stringify(value)}`;
  }
  return `${text}}`;
}
