import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StepResult } from '../../src/index.js';
import { kvPolicy, kvServer, type KvServer } from './kv-server.js';

const SESSIONS = 64;
const DURATION_MS = 2_000;

let kv: KvServer;
beforeAll(async () => {
  kv = await kvServer();
});
afterAll(() => kv.stop());

interface SessionTally {
  steps: number;
  episodes: number;
  solved: number;
  problems: string[];
}

describe('load', () => {
  it(`steps ${SESSIONS} sessions concurrently over keep-alive connections without an error or a lost step`, async () => {
    const opened = await Promise.all(Array.from({ length: SESSIONS }, (_, i) => kv.client.createSession({ env: 'KeyValue-v0', seed: i * 1000, split: i % 2 === 0 ? 'train' : 'test' })));
    const started = Date.now();
    const deadline = started + DURATION_MS;
    const tallies = await Promise.all(
      opened.map(async ({ session, first }): Promise<SessionTally & { closedSteps: number }> => {
        const tally: SessionTally = { steps: 0, episodes: 1, solved: 0, problems: [] };
        let observation = first.observation;
        let episodeStep = 0;
        while (Date.now() < deadline) {
          // Every third episode opens with a malformed action, so error paths are loaded too.
          const action = episodeStep === 0 && tally.episodes % 3 === 0 ? 'not a tool call' : kvPolicy(observation);
          const result: StepResult = await session.step(action);
          tally.steps++;
          episodeStep++;
          if (result.info.step !== episodeStep || result.info.tallies.steps !== episodeStep) tally.problems.push(`step ${result.info.step}, expected ${episodeStep}`);
          observation = result.observation;
          if (result.terminated || result.truncated) {
            if (result.info.answer?.correct === true) tally.solved++;
            else tally.problems.push(`episode ${tally.episodes} ended unsolved: ${result.info.answer?.detail ?? 'truncated'}`);
            observation = (await session.reset()).observation;
            tally.episodes++;
            episodeStep = 0;
          }
        }
        const { steps: closedSteps } = await session.close();
        return { ...tally, closedSteps };
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    const steps = tallies.reduce((sum, t) => sum + t.steps, 0);
    const solved = tallies.reduce((sum, t) => sum + t.solved, 0);
    console.log(`[server load] ${SESSIONS} sessions, ${steps} steps, ${solved} episodes solved in ${seconds.toFixed(2)} s: ${Math.round(steps / seconds)} steps/s (client and server share one process)`);
    for (const t of tallies) {
      expect(t.problems).toEqual([]);
      expect(t.closedSteps).toBe(t.steps);
      expect(t.steps).toBeGreaterThan(0);
    }
    expect(kv.server.steps).toBe(steps);
    expect(kv.server.sessions.size).toBe(0);
  });
});
