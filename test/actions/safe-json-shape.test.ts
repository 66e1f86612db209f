import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkShape, nestsDeeperThan, opensMoreThan, parseJson, type JsonLimits } from '../../src/actions/safe-json.js';

/** The plain statement of the rule: depth-first, each value counted as it is reached. */
function referenceShape(value: unknown, limits: JsonLimits): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const stack: Array<[unknown, number]> = [[value, 1]];
  let nodes = 0;
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (++nodes > limits.maxNodes) return `JSON value too large (more than ${limits.maxNodes} values)`;
    if (typeof current !== 'object' || current === null) continue;
    if (depth > limits.maxDepth) return `JSON value nested too deeply (more than ${limits.maxDepth} levels)`;
    const children = Array.isArray(current) ? current : Object.keys(current).map((k) => (current as Record<string, unknown>)[k]);
    for (const child of children) stack.push([child, depth + 1]);
  }
  return null;
}

describe('checkShape', () => {
  it('gives the same verdict and message as the plain depth-first rule, for any JSON and limits', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 40 }), (value, maxDepth, maxNodes) => {
        const limits = { maxChars: 1_000_000, maxDepth, maxNodes };
        expect(checkShape(value, limits)).toBe(referenceShape(value, limits));
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts flat arguments within the limits and refuses them beyond', () => {
    expect(checkShape({ a: 1, b: 'x', c: null }, { maxChars: 100, maxDepth: 1, maxNodes: 4 })).toBeNull();
    expect(checkShape({ a: 1, b: 'x', c: null }, { maxChars: 100, maxDepth: 1, maxNodes: 3 })).toMatch(/too large/);
    expect(checkShape({ a: [1] }, { maxChars: 100, maxDepth: 1, maxNodes: 10 })).toMatch(/too deeply/);
  });
});

describe('parseJson', () => {
  /** The rule in full: length, then depth by scan, then JSON.parse, then the shape of the value. */
  function referenceParse(text: string, limits: JsonLimits) {
    if (text.length > limits.maxChars) return { ok: false, message: `JSON text too long (${text.length} > ${limits.maxChars} characters)` };
    if (nestsDeeperThan(text, limits.maxDepth)) return { ok: false, message: `JSON value nested too deeply (more than ${limits.maxDepth} levels)` };
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return { ok: false, message: `invalid JSON: ${(error as Error).message}` };
    }
    const problem = checkShape(value, limits);
    return problem === null ? { ok: true, value } : { ok: false, message: problem };
  }

  it('skips no check that could fail: same result as every check run in full, for any text and limits', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json({ maxDepth: 6 }), fc.json({ maxDepth: 6 }).map((t) => t.slice(0, -1)), fc.string({ maxLength: 30 })), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 60 }), (text, maxChars, maxDepth, maxNodes) => {
        const limits = { maxChars, maxDepth, maxNodes };
        expect(parseJson(text, limits)).toEqual(referenceParse(text, limits));
      }),
      { numRuns: 3000 },
    );
  });

  /** Nested arrays/objects around a leaf, with brackets inside strings too: depths around the default limit of 48. */
  const nested = fc
    .tuple(fc.integer({ min: 0, max: 60 }), fc.array(fc.constantFrom('[', '{"k":', '{"[{":'), { minLength: 1, maxLength: 3 }), fc.constantFrom('1', '"[[[{{{"', '[]', '{}', '"x"', '[1,'))
    .map(([depth, openers, leaf]) => {
      let text: string = leaf;
      for (let i = 0; i < depth; i++) {
        const open = openers[i % openers.length]!;
        text = `${open}${text}${open === '[' ? ']' : '}'}`;
      }
      return text;
    });

  it('refuses exactly the texts nested beyond the default depth, whatever brackets their strings hold', () => {
    fc.assert(
      fc.property(nested, fc.integer({ min: 40, max: 56 }), (text, maxDepth) => {
        const limits = { maxChars: 200_000, maxDepth, maxNodes: 50_000 };
        expect(parseJson(text, limits)).toEqual(referenceParse(text, limits));
      }),
      { numRuns: 3000 },
    );
  });

  it('counts `[` and `{` as a plain count does', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('[', '{', '}', ']', 'a', '"', '\\'), maxLength: 80 }), fc.integer({ min: 0, max: 40 }), (text, most) => {
        let count = 0;
        for (const c of text) if (c === '[' || c === '{') count++;
        expect(opensMoreThan(text, most)).toBe(count > most);
      }),
      { numRuns: 3000 },
    );
  });
});

