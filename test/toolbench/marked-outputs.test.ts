import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isToolError, rngStream, type Tool } from '../../src/index.js';
import { isMarkedOutput, isSharedValue } from '../../src/core/shared-json.js';
import { freshState, tools, world, worldArguments } from './helpers.js';

/** Whether a shared value (a view) sits anywhere below the top of `value`. */
function holdsSharedBelow(value: unknown, depth = 0): boolean {
  if (typeof value !== 'object' || value === null || depth > 8) return false;
  if (depth > 0 && isSharedValue(value)) return true;
  for (const v of Array.isArray(value) ? value : Object.values(value)) if (holdsSharedBelow(v, depth + 1)) return true;
  return false;
}

/**
 * An output that holds shared views is written by splicing the views' cached texts only when its
 * tool marks it with `holdingViews`; unmarked, it is written by JSON.stringify (the same text, at
 * many times the cost: the fixtures output lost its mark once, 11 us instead of 0.7).
 */
describe('ToolBench outputs holding views', () => {
  it('are marked by their tool, for any call with world arguments', () => {
    const apis = tools.filter((t) => t.terminal !== true);
    fc.assert(
      fc.property(fc.oneof(...apis.map((t) => worldArguments(t).map((args) => [t, args] as const))), ([tool, args]) => {
        const parsed = (tool as Tool).input.safeParse(args);
        if (!parsed.success) return;
        const output = tool.handler(parsed.data, { world, state: freshState(), rng: rngStream(0, 'test', tool.name) });
        if (isToolError(output) || typeof output !== 'object' || output === null || isSharedValue(output)) return;
        if (holdsSharedBelow(output)) expect(isMarkedOutput(output), tool.name).toBe(true);
      }),
      { numRuns: 3000, seed: 9 },
    );
  });
});
