import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { askFor, collect, encodeMessage, type Environment, exportLines, filterVerdict, LamsimClient, NoisyOraclePolicy, startServer, StatsAccumulator, ToolEnv, TrajectoryRecordSchema, type TrajectoryRecord } from '../../src/index.js';
import { FORMAT_SCHEMAS } from '../data/format-schemas.js';
import { env } from '../toolbench/helpers.js';
import { crmarenaEnvironment } from '../../envs/crmarena/index.js';

/** Noisy multi-turn rollouts through the collector, written as a trajectory file. */
async function multiTurnRun(): Promise<{ path: string; records: TrajectoryRecord[] }> {
  const lines: string[] = [];
  await collect({
    targets: [{ environment: env, split: 'multi-turn' }],
    episodes: 24,
    seed: 7,
    policy: new NoisyOraclePolicy({ premature: 0.4, redundant: 0.1 }),
    samplesPerStep: 3,
    attempts: 1,
    onRecord: (line) => {
      lines.push(line);
    },
  });
  const path = join(mkdtempSync(join(tmpdir(), 'lamsim-mt-')), 'trajectories.jsonl');
  writeFileSync(path, lines.map((l) => `${l}\n`).join(''));
  return { path, records: lines.map((l) => TrajectoryRecordSchema.parse(JSON.parse(l))) };
}

describe('multi-turn rollouts downstream', () => {
  it('records, filters, exports (user turns as ordinary user messages) and counts multi-turn episodes', async () => {
    const { path, records } = await multiTurnRun();
    expect(records.length).toBe(24);
    const asked = records.filter((r) => r.steps.some((s) => s.calls.length === 0 && s.ok && s.observations.some((o) => o.role === 'user')));
    expect(asked.length).toBeGreaterThan(6);
    const kept = records.filter((r) => filterVerdict(r).keep);
    expect(kept.length).toBeGreaterThan(6);
    for (const [format, schema] of Object.entries(FORMAT_SCHEMAS)) {
      const options = format.endsWith('dpo') ? { format: format as never, level: 'step' as const } : { format: format as never };
      let lines = 0;
      let userTurns = 0;
      for await (const line of exportLines(path, options)) {
        lines++;
        const parsed = schema.safeParse(JSON.parse(line));
        expect(parsed.success, `${format}: ${parsed.success ? '' : parsed.error.message.slice(0, 300)}`).toBe(true);
        if (/It's |The [a-z ]+ is |Thanks\. |Great, thank you\. |OK\. /.test(line)) userTurns++;
      }
      expect(lines, format).toBeGreaterThan(0);
      // OpenAI preference rows take one text message per side: a question against a tool call does not fit.
      if (format !== 'openai-dpo') expect(userTurns, `${format} carries user turns`).toBeGreaterThan(0);
    }
    const stats = new StatsAccumulator();
    for (const record of records) stats.add(record);
    // Penalised messages to the user are failed steps but not action errors of any class.
    const total = stats.report().total;
    const structure = records.flatMap((r) => r.steps).filter((st) => st.errorClass === 'structure').length;
    const penalised = records.flatMap((r) => r.steps).filter((st) => !st.ok && st.errorClass === null).length;
    expect(penalised).toBeGreaterThan(0);
    expect(total.errors.structure).toBe(structure);
    expect(total.actions - total.actionsPassed).toBe(Object.values(total.errors).reduce((a, b) => a + b, 0) + penalised);
  });
});

describe('multi-turn episodes over HTTP', () => {
  it.each([['ToolBench-v0', env as Environment], ['CRMArena-v0', crmarenaEnvironment as Environment]] as const)('%s: a remote agent talks to the user with a plain message and gets the same user turns as in process', async (id, environment) => {
    const server = await startServer({ port: 0 });
    try {
      const client = new LamsimClient(server.url);
      const { session } = await client.createSession({ env: id, seed: 4, split: 'multi-turn', make: { actionFormat: 'openai' } });
      const local = new ToolEnv(environment, { split: 'multi-turn', actionFormat: 'openai' });
      local.reset({ seed: 4 });
      const conversation = local.instance!.conversation!;
      const asks = [askFor(conversation, conversation.topics.map((t) => t.name)), 'Hmm, let me think.'];
      for (const text of asks) {
        const action = encodeMessage('openai', text);
        const remote = await session.step(action);
        const here = local.step(action);
        expect(remote.info.user).toEqual(here.info.user);
        expect(remote.observation.messages.at(-1)).toEqual({ role: 'user', content: here.info.user!.reply });
      }
    } finally {
      await server.close();
    }
  });
});
