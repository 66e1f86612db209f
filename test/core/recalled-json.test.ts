import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseActionJson, parseJson } from '../../src/actions/safe-json.js';
import { isRecalled } from '../../src/core/recalled-json.js';
import { jsonText } from '../../src/core/shared-json.js';
import type { JsonValue } from '../../src/core/json.js';

const primitive = fc.oneof(fc.string({ maxLength: 12 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.boolean(), fc.constant(null), fc.constant('\uffff'));
/** Frozen records as tools share them; some are not recalled (a -0, a null prototype). */
const exactRecord = fc.dictionary(fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('__proto__', '0', '7')), primitive, { minKeys: 3, maxKeys: 6 }).map((r) => Object.freeze({ Id: 'x'.repeat(40), ...r }) as object);
const sharedRecord = fc.oneof(
  { weight: 12, arbitrary: exactRecord },
  { weight: 1, arbitrary: fc.constant(Object.freeze({ Id: 'y'.repeat(40), n: -0 })) },
  { weight: 1, arbitrary: fc.constant(Object.freeze(Object.assign(Object.create(null), { Id: 'z'.repeat(40) }) as object)) },
);
const output = fc.oneof({ weight: 4, arbitrary: fc.array(exactRecord, { minLength: 8, maxLength: 40 }) }, { weight: 1, arbitrary: fc.array(sharedRecord, { minLength: 8, maxLength: 40 }) });

/** Ways an agent's text may hold an output's text: as an argument, twice, as a key, inside a string, cut short, with escapes nearby. */
const wrappers: ((t: string) => string)[] = [
  (t) => `{"cases":${t}}`,
  (t) => ` { "cases" : ${t} , "n": 3 } `,
  (t) => `{"a":[1,{"b":${t}}],"c":"\\uffff"}`,
  (t) => `{"cases":${t},"cases":[]}`,
  (t) => `{"cases":[],"cases":${t}}`,
  (t) => `{"cases":${t},"again":${t}}`,
  (t) => `{${t}:1}`,
  (t) => `{"cases":"${t}"}`,
  (t) => `{"cases":${t.slice(0, -1)}}`,
  (t) => `{"cases":${t}]`,
  (t) => `{"__proto__":${t}}`,
  (t) => `{"x":"\uffff","cases":${t}}`,
  (t) => `{"x":"\\uFFFF","cases":${t}}`,
  (t) => t,
  (t) => `[[[[[[[[[[${t}]]]]]]]]]]`,
  (t) => `{"tool_calls":[{"name":"f","arguments":{"cases":${t}}}]}`,
  (t) => `{"cases":${t.replace('},{', '}, {')}}`,
];

const describeValue = (v: unknown): string => JSON.stringify(v, (_k, x) => (typeof x === 'object' && x !== null && !Array.isArray(x) ? Object.entries(x) : x));

describe('parseActionJson', () => {
  it('gives what parseJson gives for any text that holds an output text, and reuses the output where it stands as a value', () => {
    let reused = 0;
    fc.assert(
      fc.property(output, fc.constantFrom(...wrappers.keys()), fc.integer({ min: 2, max: 48 }), (records, which, maxDepth) => {
        const text = wrappers[which]!(jsonText(records as unknown as JsonValue));
        const limits = { maxChars: 200_000, maxDepth, maxNodes: 50_000 };
        const recalled = parseActionJson(text, limits);
        const parsed = parseJson(text, limits);
        expect(recalled.ok).toBe(parsed.ok);
        if (recalled.ok && parsed.ok) {
          expect(describeValue(recalled.value)).toBe(describeValue(parsed.value));
          expect(recalled.value).toEqual(parsed.value);
          if (JSON.stringify(recalled.value).includes('"Id":"x')) reused += containsRecalled(recalled.value) ? 1 : 0;
        } else if (!recalled.ok && !parsed.ok) expect(recalled.message).toBe(parsed.message);
      }),
      { numRuns: 1500 },
    );
    expect(reused).toBeGreaterThan(200);
  });

  it('parses text the env never produced as parseJson does', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 4 }), (text) => {
        expect(parseActionJson(text)).toEqual(parseJson(text));
      }),
      { numRuns: 300 },
    );
  });
});

function containsRecalled(value: JsonValue): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (isRecalled(value)) return true;
  return Object.values(value).some((v) => containsRecalled(v as JsonValue));
}
