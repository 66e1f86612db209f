import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rngStream } from '../../src/core/rng.js';
import { sampleExcept } from '../../src/tasks/offer.js';
import { fillText, type TaskTemplate } from '../../src/tasks/template.js';
import type { JsonValue } from '../../src/core/json.js';

describe('reset fast paths give what the plain forms give', () => {
  it('sampleExcept draws as rng.sample over the filtered list, and leaves the stream where it leaves it', () => {
    const names = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { maxLength: 40 });
    fc.assert(
      fc.property(names, fc.array(fc.string({ maxLength: 4 }), { maxLength: 8 }), fc.nat(12), fc.string(), (items, extra, k, seed) => {
        const excluded = new Set([...extra, ...items.filter((_, i) => i % 3 === 1)]);
        const a = rngStream(seed, 'offer');
        const b = rngStream(seed, 'offer');
        expect(sampleExcept(a, items, k, excluded)).toEqual(b.sample(items.filter((x) => !excluded.has(x)), k));
        expect(a.next()).toBe(b.next());
        // the same list again (its positions are remembered) with other exclusions
        const fewer = new Set(extra);
        expect(sampleExcept(a, items, k, fewer)).toEqual(b.sample(items.filter((x) => !fewer.has(x)), k));
      }),
      { numRuns: 400 },
    );
  });

  it('fillText is String.replace of every {slot} with its value', () => {
    const SLOT = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
    const plain = (text: string, template: TaskTemplate, values: Record<string, JsonValue>) =>
      text.replace(SLOT, (_, name: string) => {
        const value = values[name] as JsonValue;
        const format = template.placeholders[name]?.format;
        if (format) return format(value);
        return typeof value === 'string' ? value : JSON.stringify(value);
      });
    const piece = fc.oneof(fc.constantFrom('{a}', '{b}', '{c_1}', '{', '}', '{}', '{1x}', '{a', '$&', '$1', ' '), fc.string({ maxLength: 6 }));
    const value = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.constantFrom('$&', '$$', '$1'));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), value, value, fc.boolean(), (pieces, a, b, formatted) => {
        const template = { placeholders: { a: {}, b: formatted ? { format: (v: JsonValue) => `<${JSON.stringify(v)}$&>` } : {} } } as unknown as TaskTemplate;
        const values = { a, b } as Record<string, JsonValue>;
        const text = pieces.join('');
        expect(fillText(text, template, values)).toBe(plain(text, template, values));
        expect(fillText(text, template, values)).toBe(plain(text, template, values));
      }),
      { numRuns: 500 },
    );
  });
});
