import { describe, expect, it } from 'vitest';
import { OraclePolicy, ToolEnv, rngStream } from '../../src/index.js';
import { checkEnv } from '../../src/testing/index.js';
import { kvEnvironment } from '../fixtures/kv-env.js';
import { playOracle } from '../fixtures/play.js';

describe('KeyValue-v0 end to end', () => {
  it('the oracle gets the full reward on every seed, split and format', async () => {
    for (const split of ['train', 'test']) {
      for (const format of ['openai', 'xlam', 'react']) {
        const env = new ToolEnv(kvEnvironment, { split, actionFormat: format });
        for (let seed = 0; seed < 150; seed++) {
          const episode = await playOracle(env, seed);
          expect(episode.correct, `${split}/${format}/seed ${seed}: ${episode.detail}`).toBe(true);
          expect(episode.return).toBe(1);
          expect(episode.errors).toBe(0);
        }
      }
    }
  });

  it('passes checkEnv', () => {
    const results = checkEnv(new ToolEnv(kvEnvironment, { split: 'test' }));
    expect(results.every((r) => r.ok)).toBe(true);
  });

  it('uses the seeded policy rng only through the context', () => {
    expect(new OraclePolicy().name).toBe('oracle');
    expect(rngStream(1, 'x').next()).toBe(rngStream(1, 'x').next());
  });
});
