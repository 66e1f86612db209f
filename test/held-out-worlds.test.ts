import { describe, expect, it } from 'vitest';
import { stableJson, type Environment, type JsonValue, type QueryInstance } from '../src/index.js';
import { crmarenaEnvironment } from '../envs/crmarena/index.js';
import { toolbenchEnvironment } from '../envs/toolbench/index.js';

/** What makes two instances the same task: template, query values and answer (the world aside). */
const sameTask = (i: QueryInstance): string => `${i.template}|${stableJson(i.values as JsonValue)}|${i.solution.answer}`;

function instancesByRole(environment: Environment, seeds: number): { train: QueryInstance[]; eval: QueryInstance[] } {
  const out = { train: [] as QueryInstance[], eval: [] as QueryInstance[] };
  for (const split of environment.splits.values()) {
    for (let seed = 0; seed < seeds; seed++) out[split.role].push(environment.draw({ seed, split: split.name }));
  }
  return out;
}

describe('held-out splits live in worlds training never saw', () => {
  for (const [environment, seeds] of [[toolbenchEnvironment, 200], [crmarenaEnvironment, 80]] as const) {
    it(`${environment.id}: no eval-split instance equals a train-split instance, and no eval world is a train world (${seeds} seeds per split)`, () => {
      const { train, eval: held } = instancesByRole(environment, seeds);
      const trainWorlds = new Set(train.map((i) => i.worldSeed));
      expect(held.filter((i) => trainWorlds.has(i.worldSeed))).toEqual([]);
      expect(new Set(held.map((i) => i.worldSeed)).size).toBeGreaterThan(1);
      const seen = new Set(train.map(sameTask));
      expect(held.filter((i) => seen.has(sameTask(i))).map((i) => i.id)).toEqual([]);
    });
  }
});
