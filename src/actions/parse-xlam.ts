import { isRecalled, recalledCharsIn, recalledEndAt, recalledText } from '../core/recalled-json.js';
import { DEFAULT_JSON_LIMITS, parseActionJson, isPlainObject } from './safe-json.js';
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
    const body = unfence(text);
    const single = singleCall(body, step);
    if (single !== null) return { ok: true, format: FORMAT, calls: single.calls, thought: single.thought, text: single.text ?? readText(single.thought, single.calls) };
    const parsed = parseActionJson(body);
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

const THOUGHT_OPEN = '{"thought":"';
const CALLS_OPEN = '{"tool_calls":[{"name":"';
const AFTER_THOUGHT = ',"tool_calls":[{"name":"';
const AFTER_NAME = ',"arguments":';
const CLOSE = '}]}';
/** What a JSON string's characters may not hold raw (control characters), or what this reading leaves to JSON.parse (escapes). */
const NOT_PLAIN = /[\u0000-\u001f\\]/;
/** The arguments of the single call are held this much shallower than the document, which nests them three deep. */
const ARGUMENT_DEPTH = DEFAULT_JSON_LIMITS.maxDepth - 3;

/**
 * The common document, read without parsing its envelope: `{"thought":"...","tool_calls":[{"name":
 * "...","arguments":<JSON>}]}` (or without the thought) with no whitespace or escapes in the
 * envelope, as a model or `encode` writes it. Only the arguments' text is parsed, as the openai
 * format's is, so a list an earlier output handed out is recalled in it just the same. The result
 * is the full parse's; anything else (an escape, other keys, a name that is empty, arguments that
 * are text, too deep or not JSON) gives null and the whole document is parsed instead, which
 * words every failure.
 */
function singleCall(body: string, step: number): { thought: string | null; calls: ParsedCall[]; text: string | undefined } | null {
  if (body.length > DEFAULT_JSON_LIMITS.maxNodes) return null;
  let thought: string | null = null;
  let at: number;
  if (body.startsWith(THOUGHT_OPEN)) {
    const end = body.indexOf('"', THOUGHT_OPEN.length);
    if (end === -1) return null;
    thought = body.slice(THOUGHT_OPEN.length, end);
    if (NOT_PLAIN.test(thought) || !body.startsWith(AFTER_THOUGHT, end + 1)) return null;
    at = end + 1 + AFTER_THOUGHT.length;
  } else if (body.startsWith(CALLS_OPEN)) {
    at = CALLS_OPEN.length;
  } else return null;
  const nameEnd = body.indexOf('"', at);
  if (nameEnd <= at) return null;
  const name = body.slice(at, nameEnd);
  if (NOT_PLAIN.test(name) || !body.startsWith(AFTER_NAME, nameEnd + 1) || !body.endsWith(CLOSE)) return null;
  const argsStart = nameEnd + 1 + AFTER_NAME.length;
  const argsEnd = body.length - CLOSE.length;
  if (argsEnd <= argsStart) return null;
  const argsText = body.slice(argsStart, argsEnd);
  const parsed = parseActionJson(argsText, ARGUMENT_LIMITS);
  if (!parsed.ok || typeof parsed.value === 'string') return null;
  const args = parsed.value ?? {};
  // The read text is the document itself when the arguments are written as JSON.stringify writes
  // them (and nothing in it is a surrogate, which JSON.stringify may escape): no second writing.
  // A recalled list stands where recall found its text verbatim; the rest is checked when short:
  // over a long list the check costs more than the writing.
  const written = parsed.value !== null && argsText.length - recalledCharsIn(argsText) <= CHECKED_CHARS && !SURROGATE.test(body) && writtenAt(argsText, 0, args) === argsText.length;
  return { thought, calls: [{ id: textCallId(step, 0), name, args }], text: written ? body : undefined };
}

const ARGUMENT_LIMITS = { ...DEFAULT_JSON_LIMITS, maxDepth: ARGUMENT_DEPTH };
const SURROGATE = /[\ud800-\udfff]/;
/** Most characters of an arguments text (besides a recalled one's) held to its parse by writtenAt. */
const CHECKED_CHARS = 1024;

/**
 * Where `JSON.stringify(value)` ends when the text holds it verbatim at `at`, else -1. The value is
 * a parse of that very text (no surrogates in it), so each string can be compared as it is: a
 * string the text writes with an escape differs from its raw characters at the escape. A value
 * recall put in the place of its text, found verbatim there, ends where that text ends.
 */
function writtenAt(text: string, at: number, value: unknown): number {
  switch (typeof value) {
    case 'string': {
      if (text.charCodeAt(at) !== 34 || !text.startsWith(value, at + 1)) return -1;
      const end = at + 1 + value.length;
      return text.charCodeAt(end) === 34 ? end + 1 : -1;
    }
    case 'number': {
      const written = String(value);
      return text.startsWith(written, at) ? at + written.length : -1;
    }
    case 'boolean':
      return text.startsWith(value ? 'true' : 'false', at) ? at + (value ? 4 : 5) : -1;
    case 'object': {
      if (value === null) return text.startsWith('null', at) ? at + 4 : -1;
      const recalledEnd = recalledEndAt(text, at, value);
      if (recalledEnd !== -1) return recalledEnd;
      if (isRecalled(value)) return -1;
      if (Array.isArray(value)) {
        if (text.charCodeAt(at) !== 91) return -1;
        let pos = at + 1;
        for (let i = 0; i < value.length; i++) {
          if (i > 0 && text.charCodeAt(pos++) !== 44) return -1;
          pos = writtenAt(text, pos, value[i]);
          if (pos === -1) return -1;
        }
        return text.charCodeAt(pos) === 93 ? pos + 1 : -1;
      }
      if (text.charCodeAt(at) !== 123) return -1;
      let pos = at + 1;
      const keys = Object.keys(value);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        if (i > 0 && text.charCodeAt(pos++) !== 44) return -1;
        pos = writtenAt(text, pos, key);
        if (pos === -1 || text.charCodeAt(pos) !== 58) return -1;
        pos = writtenAt(text, pos + 1, (value as Record<string, unknown>)[key]);
        if (pos === -1) return -1;
      }
      return text.charCodeAt(pos) === 125 ? pos + 1 : -1;
    }
    default:
      return -1;
  }
}

/**
 * `JSON.stringify({ thought, tool_calls: [{ name, arguments }] })` (without `thought` when it is
 * null). Arguments are JSON values (parsed, or recalled from an earlier output): a recalled list
 * among them, or as them, is written from its known text instead of being walked again.
 */
function readText(thought: string | null, calls: readonly ParsedCall[]): string {
  let text = thought === null ? '{"tool_calls":[' : `{"thought":${quoteJson(thought)},"tool_calls":[`;
  for (let i = 0; i < calls.length; i++) {
    const call = calls[i]!;
    text += `${i > 0 ? ',' : ''}{"name":${quoteJson(call.name)},"arguments":${argumentsText(call.args)}}`;
  }
  return `${text}]}`;
}

/** What JSON.stringify escapes in a string: `"`, `\\`, control characters and (lone) surrogates, any surrogate being taken as one here. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** `JSON.stringify(text)`, without the call for the common text that needs no escape. */
function quoteJson(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
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
