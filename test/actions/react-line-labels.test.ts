import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstLineLabel } from '../../src/actions/parse-react.js';

/** The plain definition: for each label, its first occurrence at or after `from` that starts a line; the least of them. */
function plainFirstLineLabel(text: string, labels: readonly string[], from: number): number {
  let end = text.length;
  for (const label of labels) {
    for (let at = text.indexOf(label, from); at !== -1; at = text.indexOf(label, at + 1)) {
      if (at === 0 || text.charCodeAt(at - 1) === 10) {
        if (at < end) end = at;
        break;
      }
    }
  }
  return end;
}

const LABELS = ['Thought:', 'Action:', 'Final Answer:'];
const text = fc.array(fc.constantFrom('\n', '\n\n', 'Thought:', 'Action:', 'Final Answer:', 'Action', 'x', ' ', '{"a":"Action:"}', 'Thought'), { maxLength: 20 }).map((parts) => parts.join(''));

describe('firstLineLabel', () => {
  it('is the first line start at or after `from` where a label begins, as the plain search per label says', () => {
    fc.assert(
      fc.property(text, fc.nat({ max: 200 }), fc.subarray(LABELS, { minLength: 1 }), (t, at, labels) => {
        const from = Math.min(at, t.length);
        expect(firstLineLabel(t, labels, from)).toBe(plainFirstLineLabel(t, labels, from));
      }),
      { numRuns: 3000 },
    );
  });
});
