import { describe, expect, it } from 'vitest';
import { ToolEnv } from '../../src/index.js';
import { crmarenaEnvironment, TASK_CODES, type TaskCode } from '../../envs/crmarena/index.js';
import { playOracle } from '../fixtures/play.js';

const SEEDS = 500;
const env = crmarenaEnvironment;
const splitOf = (code: TaskCode) => (['NCR', 'HTU', 'MTA', 'BRI'].includes(code) ? 'explore' : 'held-out');

describe('the oracle on CRMArena-v0 (OpenAI tool calls)', () => {
  for (const code of TASK_CODES) {
    it(`solves every ${code} instance over ${SEEDS} seeds without an action error`, async () => {
      const tenv = new ToolEnv(env, { split: splitOf(code), actionFormat: 'openai' });
      const templates = [...env.templates.values()].filter((t) => t.domain === code).map((t) => t.id);
      const failures: string[] = [];
      for (let seed = 0; seed < SEEDS; seed++) {
        const episode = await playOracle(tenv, seed, { template: templates[seed % templates.length]! });
        if (!episode.correct || episode.errors !== 0 || episode.return !== 1) failures.push(`seed ${seed}: ${episode.detail} (errors ${episode.errors}, return ${episode.return})`);
      }
      expect(failures.slice(0, 5)).toEqual([]);
    });
  }
});
