import { describe, expect, it } from 'vitest';
import { oracleMoves, ToolEnv } from '../../src/index.js';
import { SPLIT_NAMES, TRUNCATION_MARK } from '../../envs/toolbench/index.js';
import { playOracle } from '../fixtures/play.js';
import { env } from './helpers.js';

const pairs = SPLIT_NAMES.flatMap((split) => env.split(split).templates.map((t) => ({ split, template: t.id })));
const SEEDS_PER_PAIR = Math.ceil(1000 / pairs.length);

/** Every tool message of the episode is ToolBench's envelope, successful, and shown in full. */
function envelopeProblems(toolEnv: ToolEnv): string[] {
  const problems: string[] = [];
  for (const m of toolEnv.observation().messages) {
    if (m.role !== 'tool') continue;
    const parsed = JSON.parse(m.content) as { error: string; response: unknown };
    if (Object.keys(parsed).sort().join(',') !== 'error,response') problems.push(`${m.name}: keys ${Object.keys(parsed).join(',')}`);
    if (parsed.error !== '') problems.push(`${m.name}: ${parsed.error}`);
    if (typeof parsed.response === 'string' && parsed.response.endsWith(TRUNCATION_MARK)) problems.push(`${m.name}: response truncated`);
  }
  return problems;
}

describe('ToolBench oracle', () => {
  it(`solves every template of every split: ${pairs.length} template/split pairs x ${SEEDS_PER_PAIR} seeds (openai format)`, async () => {
    expect(pairs.length * SEEDS_PER_PAIR).toBeGreaterThanOrEqual(1000);
    const envs = new Map(SPLIT_NAMES.map((split) => [split, new ToolEnv(env, { split, actionFormat: 'openai' })]));
    let episodes = 0;
    let alternatesUsed = 0;
    for (const { split, template } of pairs) {
      const toolEnv = envs.get(split)!;
      for (let seed = 0; seed < SEEDS_PER_PAIR; seed++) {
        const episode = await playOracle(toolEnv, seed, { template });
        const instance = toolEnv.instance!;
        const where = `${split}/${template}/seed ${seed}`;
        expect(episode.correct, `${where}: ${episode.detail}`).toBe(true);
        expect(episode.errors, where).toBe(0);
        expect(episode.return, where).toBe(1);
        // One step per solution call and per answer, plus a multi-turn task's questions to the user.
        expect(episode.steps, where).toBe(oracleMoves(env, instance).length);
        expect(envelopeProblems(toolEnv), where).toEqual([]);
        if (instance.solution.calls.some((c) => !instance.tools.includes(c.tool))) alternatesUsed++;
        episodes++;
      }
    }
    expect(episodes).toBeGreaterThanOrEqual(1000);
    expect(alternatesUsed).toBeGreaterThan(episodes / 5);
  });

  it('solves them in the xlam and react text formats too', async () => {
    for (const format of ['xlam', 'react']) {
      for (const split of SPLIT_NAMES) {
        const toolEnv = new ToolEnv(env, { split, actionFormat: format });
        for (const template of env.split(split).templates) {
          for (const seed of [101, 202]) {
            const episode = await playOracle(toolEnv, seed, { template: template.id });
            expect(episode.correct, `${format}/${split}/${template.id}/${seed}: ${episode.detail}`).toBe(true);
            expect(episode.errors).toBe(0);
          }
        }
      }
    }
  });

  it('solves them on smaller and larger worlds', async () => {
    for (const world of [{ scale: 0.5 }, { scale: 2 }, { today: '2025-11-03' }]) {
      for (const split of SPLIT_NAMES) {
        const toolEnv = new ToolEnv(env, { split, worldSeed: 9, world });
        for (const template of env.split(split).templates) {
          const episode = await playOracle(toolEnv, 31, { template: template.id });
          expect(episode.correct, `${JSON.stringify(world)}/${split}/${template.id}: ${episode.detail}`).toBe(true);
        }
      }
    }
  });
});
