import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareAnswer, CompareRuleSchema, type CompareRuleInput } from '../../src/index.js';
import { checksumOf } from '../../src/tasks/salesforce-id.js';

const rule = (r: CompareRuleInput) => CompareRuleSchema.parse(r);
const ok = (answer: string, truth: Parameters<typeof compareAnswer>[1], r: CompareRuleInput, rivals?: string[], query?: string) =>
  compareAnswer(answer, truth, rule(r), { rivals, query }).correct;

describe('contains-all refuses sprays', () => {
  const all = { kind: 'contains-all' } as const;
  it('numbers compare as numbers, never digit substrings', () => {
    expect(ok('Rovers lead with 27 points', ['Rovers', '27'], all)).toBe(true);
    expect(ok('Rovers lead with 127 points', ['Rovers', '27'], all)).toBe(false);
    expect(ok('Rovers lead with 27.0 points', ['Rovers', '27'], all)).toBe(true);
    expect(ok('Rovers, 2,700 points', ['Rovers', '2700'], all)).toBe(true);
    expect(ok('Rovers A27', ['Rovers', '27'], all)).toBe(false);
  });
  it('an answer that names a rival or another number fails', () => {
    expect(ok('Rovers 27, United 25', ['Rovers', '27'], all, ['United', '25'])).toBe(false);
    expect(ok(`Rovers ${Array.from({ length: 121 }, (_, i) => i).join(' ')}`, ['Rovers', '27'], all)).toBe(false);
    expect(ok('Rovers 27 (week of 2026-03-07)', ['Rovers', '27'], all, [], 'Who led on 2026-03-07?')).toBe(true);
    expect(ok('Rovers 27 (week of 2026-03-08)', ['Rovers', '27'], all, [], 'Who led on 2026-03-07?')).toBe(false);
  });
  it('a rival that contains the truth is not confused with it', () => {
    expect(ok('Rovers', ['Rovers'], all, ['Rovers Reserves'])).toBe(true);
    expect(ok('Rovers Reserves', ['Rovers'], all, ['Rovers Reserves'])).toBe(false);
    expect(ok('Rovers Reserves', ['Rovers Reserves'], all, ['Rovers'])).toBe(true);
  });
  it('an answer far longer than the truth fails', () => {
    expect(ok(`Rovers 27 ${'and so on '.repeat(20)}`, ['Rovers', '27'], all)).toBe(false);
  });
  it('property: truth alone passes; truth plus any rival fails; a number inside a longer number fails', () => {
    const word = fc.stringMatching(/^[A-Z][a-z]{2,9}$/);
    fc.assert(
      fc.property(fc.uniqueArray(word, { minLength: 3, maxLength: 8, selector: (s) => s.toLowerCase() }), fc.integer({ min: 0, max: 500 }), fc.nat(), (names, n, pick) => {
        const [truth, ...rivals] = names;
        const want = [truth!, String(n)];
        expect(ok(`${truth}, ${n}`, want, all, rivals)).toBe(true);
        const rival = rivals[pick % rivals.length]!;
        expect(ok(`${truth}, ${n}, ${rival}`, want, all, rivals)).toBe(false);
        expect(ok(`${truth}, 1${n}`, want, all, rivals)).toBe(false);
        expect(ok(`${truth}, ${n}1`, want, all, rivals)).toBe(false);
      }),
    );
  });
});

describe('number', () => {
  it('reads the first whole number', () => {
    expect(ok('127 points', 27, { kind: 'number', tolerance: 0 })).toBe(false);
    expect(ok('27 points', 27, { kind: 'number', tolerance: 0 })).toBe(true);
    expect(ok('item A27: 5', 5, { kind: 'number', tolerance: 0 })).toBe(true);
  });

  it('one number is asked: a pasted tool output or a list of candidates fails, numbers from the query may be repeated', () => {
    const exact = { kind: 'number', tolerance: 0 } as const;
    expect(ok('{"count": 3, "listings": [{"id": 17, "price": 420}]}', 3, exact)).toBe(false);
    expect(ok('3, 4 or 5', 4, exact)).toBe(false);
    expect(ok('Under 500 dollars there are 3 listings', 3, exact, [], 'How many listings cost under 500 dollars?')).toBe(true);
    expect(ok('500', 3, exact, [], 'How many listings cost under 500 dollars?')).toBe(false);
    expect(ok(`3 ${'and so on '.repeat(20)}`, 3, exact)).toBe(false);
  });

  it('property: the truth plus any number that is neither the truth nor in the query fails', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000, max: 10_000 }), fc.integer({ min: -10_000, max: 10_000 }), fc.boolean(), (truth, other, before) => {
        fc.pre(truth !== other);
        const answer = before ? `${other} and ${truth}` : `${truth}, not ${other}`;
        expect(ok(answer, truth, { kind: 'number', tolerance: 0 })).toBe(false);
        expect(ok(`${truth}`, truth, { kind: 'number', tolerance: 0 })).toBe(true);
      }),
    );
  });
});

describe('token-f1 needs the key facts', () => {
  const kqa = { kind: 'token-f1', threshold: 0.5 } as const;
  it('refuses a wrong number or unit even with high overlap', () => {
    expect(ok('Within 21 days of delivery', 'Within 21 days of delivery', kqa)).toBe(true);
    expect(ok('Within 213 days', 'Within 21 days of delivery', kqa)).toBe(false);
    expect(ok('every 12 months', 'every 24 months', kqa)).toBe(false);
    expect(ok('Within 21 weeks of delivery', 'Within 21 days of delivery', kqa)).toBe(false);
    expect(ok('Within 21 or 30 days of delivery', 'Within 21 days of delivery', kqa)).toBe(false);
    expect(ok('No, at checkout for $5', 'Yes, at checkout for $5', kqa)).toBe(false);
    expect(ok('yes, at checkout for $5', 'Yes, at checkout for $5', kqa)).toBe(true);
  });
  it('property: any other number in place of the truth number fails', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 0, max: 9999 }), (n, m) => {
        fc.pre(n !== m);
        expect(ok(`Within ${m} days of delivery`, `Within ${n} days of delivery`, kqa)).toBe(false);
      }),
    );
  });
});

describe('equivalent forms', () => {
  it('exact with ids: salesforce takes the 15-character form, nothing looser', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9A-Za-z]{15}$/), (id15) => {
        const id18 = id15 + checksumOf(id15);
        const r = { kind: 'exact', ids: 'salesforce' } as const;
        expect(ok(id18, id18, r)).toBe(true);
        expect(ok(id15, id18, r)).toBe(true);
        expect(ok(id15.slice(0, 14), id18, r)).toBe(false);
        if (id15.toLowerCase() !== id15) expect(ok(id15.toLowerCase(), id18, r)).toBe(false);
        expect(ok(id15, id18, { kind: 'exact' })).toBe(false);
      }),
    );
  });
  it('a rule may name other forms of None', () => {
    const pvi: CompareRuleInput = { kind: "exact", none: ["No violation"] };
    expect(ok('No violation', null, pvi)).toBe(true);
    expect(ok('none', null, pvi)).toBe(true);
    expect(ok('No violation', null, { kind: 'exact' })).toBe(false);
    expect(ok('No violation', 'ka0Ws00000liuoAIAQ', pvi)).toBe(false);
  });
});
