import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonCopy } from '../../src/rollout/json-copy.js';

/** The plain definition the direct copy stands for. */
function reference(value: unknown): unknown {
  if (typeof value === 'string') return value;
  try {
    const text = JSON.stringify(value);
    return text === undefined ? null : JSON.parse(text);
  } catch {
    return String(value);
  }
}

/** Equal as JSON values: the same text, and value by value the same keys in order, prototypes, and numbers (-0 apart from 0). */
function expectSame(actual: unknown, expected: unknown): void {
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
  const walk = (a: unknown, b: unknown): void => {
    if (typeof a !== 'object' || a === null) expect(Object.is(a, b)).toBe(true);
    else if (Array.isArray(a)) {
      expect(Array.isArray(b) && b.length === a.length).toBe(true);
      a.forEach((x, i) => walk(x, (b as unknown[])[i]));
    }
    else {
      expect(Object.keys(a)).toEqual(Object.keys(b as object));
      expect(Object.getPrototypeOf(a)).toBe(Object.getPrototypeOf(b));
      for (const k of Object.keys(a)) walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]);
    }
  };
  walk(actual, expected);
}

describe('jsonCopy', () => {
  it('gives what a JSON text round trip gives, for any value', () => {
    const anything = fc.anything({
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
      maxDepth: 4,
      key: fc.oneof(fc.string(), fc.constantFrom('__proto__', 'toJSON', '0', '10', '-1', 'constructor')),
    });
    fc.assert(
      fc.property(fc.oneof(anything, fc.jsonValue(), fc.constantFrom(undefined, -0, NaN, Infinity, () => 1, Symbol('s'), [undefined, () => 1, -0]), fc.double()), (value) => {
        let expected: unknown;
        try {
          expected = reference(value);
        } catch (error) {
          // String() of an object with no prototype throws: so does the copy
          expect(() => jsonCopy(value)).toThrow((error as Error).constructor as ErrorConstructor);
          return;
        }
        expectSame(jsonCopy(value), expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('copies rather than shares, and handles what the direct copy leaves to the text (toJSON, classes, cycles, depth)', () => {
    const action = { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }] };
    const copied = jsonCopy(action) as typeof action;
    expectSame(copied, action);
    expect(copied).not.toBe(action);
    expect(copied.tool_calls).not.toBe(action.tool_calls);
    const withToJson = { a: 1, b: { toJSON: () => 'B' } };
    expectSame(jsonCopy(withToJson), { a: 1, b: 'B' });
    class Point {
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
    }
    expectSame(jsonCopy({ p: new Point(1, -0) }), reference({ p: new Point(1, -0) }));
    const cycle: Record<string, unknown> = { a: 1 };
    cycle['self'] = cycle;
    expect(jsonCopy(cycle)).toBe(String(cycle));
    let deep: unknown = 'leaf';
    for (let i = 0; i < 200; i++) deep = i % 2 === 0 ? [deep] : { d: deep };
    expectSame(jsonCopy(deep), reference(deep));
    expect(jsonCopy(10n)).toBe('10');
    const throwing = { get bad(): number {
      throw new Error('no');
    } };
    expect(jsonCopy(throwing)).toBe(String(throwing));
  });
});
