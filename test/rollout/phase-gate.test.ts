import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PhaseGate } from '../../src/rollout/phase-gate.js';

describe('phase gate', () => {
  it('lets all who ask in one stretch through together, in the next check phase, and no sooner', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ waiters: fc.integer({ min: 1, max: 12 }), turnsBefore: fc.nat({ max: 2 }) }), { minLength: 1, maxLength: 8 }), async (groups) => {
        const gate = new PhaseGate();
        for (const { waiters, turnsBefore } of groups) {
          for (let k = 0; k < turnsBefore; k++) await new Promise((resolve) => setImmediate(resolve));
          const passed: number[] = [];
          let probeRan = false;
          const passes = Array.from({ length: waiters }, (_, i) => gate.pass().then(() => passed.push(probeRan ? -1 : i)));
          // an immediate queued after the asks: the gate's own immediate comes first, so every waiter is through before it
          const probe = new Promise<number>((resolve) => setImmediate(() => {
            probeRan = true;
            resolve(passed.length);
          }));
          for (let k = 0; k < 5; k++) await Promise.resolve();
          expect(passed).toEqual([]);
          expect(await probe).toBe(waiters);
          await Promise.all(passes);
          expect(passed).toEqual(Array.from({ length: waiters }, (_, i) => i));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('opens a new wait for those who ask while it lets the last ones through', async () => {
    const gate = new PhaseGate();
    const order: string[] = [];
    await Promise.all([
      gate.pass().then(async () => {
        order.push('a passed');
        await gate.pass();
        order.push('a passed again');
      }),
      gate.pass().then(() => order.push('b passed')),
    ]);
    expect(order).toEqual(['a passed', 'b passed', 'a passed again']);
  });
});
