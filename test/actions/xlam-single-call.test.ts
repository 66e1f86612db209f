import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJson } from '../../src/actions/safe-json.js';
import { actionText, structureFailure, textCallId, type ParsedCall, type ParseResult } from '../../src/actions/parse-result.js';
import { unfence, xlamParser } from '../../src/actions/parse-xlam.js';
import { isRecalled } from '../../src/core/recalled-json.js';
import { rememberRecordList, rememberSharedList } from '../../src/core/recall-entries.js';
import { jsonText } from '../../src/core/shared-json.js';
import type { JsonValue } from '../../src/core/json.js';

/** The xLAM parse as defined: the whole document parsed, the read text written by JSON.stringify. */
function plainXlamParse(action: unknown, step: number): ParseResult {
  const FORMAT = 'xlam';
  const text = actionText(action);
  if (text === null) return structureFailure(FORMAT, 'expected text holding a JSON object');
  const parsed = parseJson(unfence(text));
  if (!parsed.ok) return structureFailure(FORMAT, parsed.message);
  const doc = parsed.value;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return structureFailure(FORMAT, 'expected a JSON object with "tool_calls"');
  const thought = typeof doc['thought'] === 'string' ? doc['thought'] : null;
  const list = doc['tool_calls'];
  if (!Array.isArray(list)) return structureFailure(FORMAT, '"tool_calls" must be an array');
  if (list.length === 0) return structureFailure(FORMAT, '"tool_calls" is empty; call a function (use the terminal function to give your answer)');
  const calls: ParsedCall[] = [];
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (typeof item !== 'object' || item === null || Array.isArray(item) || typeof item['name'] !== 'string' || item['name'] === '') return structureFailure(FORMAT, `tool call ${i + 1} needs a "name" string`);
    let args: unknown = item['arguments'] ?? {};
    if (typeof args === 'string') {
      const inner = parseJson(args.trim() === '' ? '{}' : args);
      if (!inner.ok) return structureFailure(FORMAT, `arguments of tool call ${i + 1} are not valid JSON: ${inner.message}`);
      args = inner.value;
    }
    calls.push({ id: textCallId(step, i), name: item['name'], args });
  }
  const tool_calls = calls.map((c) => ({ name: c.name, arguments: c.args }));
  return { ok: true, format: FORMAT, calls, thought, text: JSON.stringify(thought === null ? { tool_calls } : { thought, tool_calls }) };
}

/** A shared list long enough to be remembered, handed out again when an action holds its text. */
const shared = Object.freeze(Array.from({ length: 120 }, (_, i) => `500Ws00000${String(i).padStart(6, '0')}IAA`));
const sharedText = jsonText(shared as unknown as JsonValue);
/** A list of shared records remembered by its parts (no joined text kept), as a scattered get_cases output is. */
const records = Object.freeze(Array.from({ length: 12 }, (_, i) => Object.freeze({ Id: `500Ws00000${String(i).padStart(6, '0')}IAA`, OwnerId: '005Ws000001xSR9IAM', CreatedDate: '2023-01-02T03:04:05Z', n: i / 7 })));
const recordParts = records.map((r) => JSON.stringify(r));
const recordsText = `[${recordParts.join(',')}]`;

const text = fc.string({ unit: fc.constantFrom('a', ' ', '"', '\\', '\n', '\u0001', 'é', '\ud800', '\udc00', '\u2028', '{', '}', '[', ']', ','), maxLength: 10 });
const args = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
  { weight: 2, arbitrary: fc.constantFrom(`{"ids":${sharedText}}`, `{"n":1,"ids":${sharedText}}`, sharedText, `{"a":[1,[2,[3]]],"ids":${sharedText}}`, ` {"ids" : ${sharedText} } `) },
  { weight: 2, arbitrary: fc.tuple(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('', ' ')).map(([v, gap]) => `{"x":${JSON.stringify(v)},"cases":${gap}${recordsText}${gap}}`) },
  { weight: 1, arbitrary: fc.constantFrom(recordsText, `{"cases":${recordsText},"n":1.50}`, `{"cases":${recordsText},"s":"\\u0041"}`, `{"cases":[${recordsText}]}`, `{"cases":${recordsText.slice(0, -1)},${recordParts[0]}]}`) },
  { weight: 1, arbitrary: fc.integer({ min: 40, max: 50 }).map((d) => `${'['.repeat(d)}1${']'.repeat(d)}`) },
  { weight: 2, arbitrary: fc.constantFrom('{"n":5E-7}', '{"n":5e-7}', '{"n":1.50}', '{"n":-0}', '{"n":1e2}', '{"n":1E+2}', '{"n":100}', '{"n":0.1}', '{"n":1e21}', '{"n":1e+21}', '{"s":"a\\u0062"}', '{"s":"\\/"}', '{"s":"\\u2028"}', '{"s":"\u2028"}', '{"a":[1,2]}', '{"a":[1, 2]}', '{"b":true,"c":false,"d":null}', '{"b":tru}', '{"7":1}', '{"b":1,"7":2}', '{"a":{}}', '[]', '{}') },
  { weight: 1, arbitrary: fc.constantFrom('null', '"{\\"a\\":1}"', '""', '{"a":1', '{"a":1}}', '1 2', '{"a":1,"a":2}', '{"__proto__":{"x":1}}', '{"7":1,"b":2}', ' ') },
);
/** Documents in and around the envelope singleCall reads: the common form, and near misses of it. */
const document = fc
  .tuple(fc.option(text), fc.oneof(fc.constantFrom('get_cases', 'f', ''), text), args, fc.nat({ max: 9 }))
  .map(([thought, name, a, variant]) => {
    const head = thought === null ? '{"tool_calls":[{"name":' : `{"thought":"${thought}","tool_calls":[{"name":`;
    const doc = `${head}"${name}","arguments":${a}}]}`;
    switch (variant) {
      case 0: return doc.slice(0, -1);
      case 1: return `\`\`\`json\n${doc}\n\`\`\`\nmore`;
      case 2: return doc.replace('"arguments":', '"arguments": ');
      case 3: return `${doc.slice(0, -2)},{"name":"g","arguments":{}}]}`;
      case 4: return doc.replace('{"tool_calls"', '{"x":1,"tool_calls"');
      case 5: return JSON.stringify({ thought: thought ?? 5, tool_calls: [{ name, arguments: safeParse(a) }] });
      default: return doc;
    }
  });

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

describe('the xLAM parser', () => {
  it('reads the common envelope exactly as the whole-document parse does (value, failure message, read text)', () => {
    let recalled = 0;
    fc.assert(
      fc.property(document, fc.nat({ max: 20 }), fc.boolean(), (doc, step, whole) => {
        rememberSharedList(shared, sharedText);
        // Matched part by part, or against its whole text while it is among the latest lists.
        rememberRecordList(records, recordParts, null, recordsText.length, whole ? recordsText : null);
        const got = xlamParser.parse(doc, step);
        expect(got).toEqual(plainXlamParse(doc, step));
        if (got.ok && got.calls.length === 1) {
          const a = got.calls[0]!.args;
          if (isRecalled(a) || (typeof a === 'object' && a !== null && Object.values(a).some(isRecalled))) recalled++;
        }
      }),
      { numRuns: 20000 },
    );
    expect(recalled).toBeGreaterThan(500);
  });

  it('gives the very list where a recalled list stands at the fourth `[` of the arguments, as the openai format does', () => {
    rememberSharedList(shared, sharedText);
    const got = xlamParser.parse(JSON.stringify({ thought: '', tool_calls: [{ name: 'get_cases', arguments: { a: [1], b: [2], c: [3], ids: shared } }] }), 1);
    expect(got.ok).toBe(true);
    if (got.ok) expect((got.calls[0]!.args as { ids: unknown }).ids).toBe(shared);
  });
});
