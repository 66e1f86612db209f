import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { describe, expect, it } from 'vitest';
import { builtinEnvironments } from '../../envs/index.js';
import { stableJson } from '../../src/core/json.js';
import { ToolEnv } from '../../src/core/tool-env.js';
import { mcpTools, MCP_ACTION_FORMAT } from '../../src/mcp/tools.js';
import { TrajectoryRecordSchema } from '../../src/rollout/record.js';
import { runCli, tempDir } from '../fixtures/memory-io.js';
import { cliArgv } from '../setup/built-cli.js';
import { mistakes, playInProcess, solvingCalls, textOf } from './episodes.js';

const CLIENT = 'vitest-stdio-client';

async function connect(args: readonly string[]): Promise<{ client: Client; stderr: () => string; exited: Promise<void> }> {
  const transport = new StdioClientTransport({ command: process.execPath, args: cliArgv('mcp', ...args), stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const client = new Client({ name: CLIENT, version: '1.0.0' });
  const exited = new Promise<void>((done) => {
    transport.onclose = () => done();
  });
  await client.connect(transport);
  return { client, stderr: () => stderr, exited };
}

describe('lamsim mcp (stdio) with the TypeScript SDK client', () => {
  for (const [index, seed] of [
    [0, 5],
    [1, 12],
  ] as const) {
    const environment = builtinEnvironments[index]!;
    it(`plays ${environment.id} seed ${seed} to a rewarded end: same observations and a record byte-identical to the same calls in process`, async () => {
      const split = environment.definition.defaultSplit;
      const solving = solvingCalls(environment, seed, split);
      const calls = [...mistakes(solving), ...solving];
      const out = join(tempDir('lamsim-mcp-'), 'episodes.jsonl');
      const { client, stderr } = await connect(['--env', environment.id, '--seed', String(seed), '--out', out]);
      try {
        const local = new ToolEnv(environment, { actionFormat: MCP_ACTION_FORMAT });
        const first = local.reset({ seed, options: { split } });
        const listed = await client.listTools();
        expect(listed.tools).toEqual(mcpTools(first.observation.tools));
        expect(listed.tools.map((t) => t.name)).toContain(environment.definition.finish.tool);
        expect(client.getInstructions()).toContain(first.observation.messages[1]!.content);
        const prompt = await client.getPrompt({ name: 'task' });
        expect(prompt.messages.map((m) => (m.content as { text: string }).text)).toEqual([first.observation.messages[0]!.content, first.observation.messages[1]!.content]);

        const results = [];
        for (const call of calls) results.push(await client.callTool(call));
        const expected = await playInProcess(environment, seed, split, calls, `mcp:${CLIENT}`);
        expect(results.map((r) => stableJson(r))).toEqual(expected.results.map((r) => stableJson(r)));
        expect(results[0]!.isError).toBe(true);
        expect(textOf(results[0])).toContain('no_such_tool');
        expect(results[1]!.isError).toBe(true);
        expect(textOf(results[1])).toContain('definitely_not_an_argument');
        expect(results.slice(2).every((r) => r.isError === false)).toBe(true);
        expect(expected.steps.at(-1)!.info.answer?.correct).toBe(true);

        await expect(client.callTool(solving[0]!)).rejects.toThrow(/episode is over \(answered/);
        const line = readFileSync(out, 'utf8');
        expect(line).toBe(`${expected.line}\n`);
        const record = TrajectoryRecordSchema.parse(JSON.parse(line));
        expect([record.passed, record.policy.name, record.steps.length, record.outcome.status]).toEqual([true, `mcp:${CLIENT}`, calls.length, 'answered']);
        expect(record.steps.map((s) => s.reward)).toEqual(expected.steps.map((s) => s.reward));
        expect(stderr()).toMatch(/answered after \d+ steps \(solved\); record appended/);
      } finally {
        await client.close();
      }
    });
  }

  it('appends each finished episode to the same file, which filter, stats and export read unchanged', async () => {
    const dir = tempDir('lamsim-mcp-');
    const out = join(dir, 'trajectories.jsonl');
    const environment = builtinEnvironments[0]!;
    const split = environment.definition.defaultSplit;
    for (const [seed, solve] of [
      [3, true],
      [4, false],
    ] as const) {
      const solving = solvingCalls(environment, seed, split);
      const { client } = await connect(['--env', 'toolbench', '--seed', String(seed), '--out', out]);
      const finish = environment.definition.finish;
      const calls = solve ? solving : [{ name: finish.tool, arguments: finish.args('a guess, not the answer') as Record<string, unknown> }];
      for (const call of calls) await client.callTool(call);
      await client.close();
    }
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    const records = lines.map((l) => TrajectoryRecordSchema.parse(JSON.parse(l)));
    expect(records.map((r) => r.passed)).toEqual([true, false]);

    const kept = join(dir, 'kept.jsonl');
    const filtered = await runCli(['filter', out, '--out', kept]);
    expect(filtered.code, filtered.stderr).toBe(0);
    expect(readFileSync(kept, 'utf8').trim().split('\n')).toEqual([lines[0]]);
    const stats = await runCli(['stats', out, '--json']);
    expect(stats.code, stats.stderr).toBe(0);
    expect(JSON.parse(stats.stdout)).toMatchObject({ total: { episodes: 2, solved: 1, kept: 1 } });
    const exported = await runCli(['export', kept, '--format', 'openai-sft', '--out', join(dir, 'sft.jsonl')]);
    expect(exported.code, exported.stderr).toBe(0);
  });

  it('records an episode that reaches --max-steps without an answer as truncated, then refuses further calls', async () => {
    const out = join(tempDir('lamsim-mcp-'), 'truncated.jsonl');
    const { client } = await connect(['--env', 'crmarena', '--seed', '6', '--max-steps', '2', '--out', out]);
    try {
      for (const name of ['guess_one', 'guess_two']) expect((await client.callTool({ name, arguments: {} })).isError).toBe(true);
      await expect(client.callTool({ name: 'guess_three', arguments: {} })).rejects.toThrow(/episode is over \(truncated after 2 steps\)/);
    } finally {
      await client.close();
    }
    const record = TrajectoryRecordSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect([record.outcome.status, record.passed, record.maxSteps, record.tallies.errors.toolname]).toEqual(['truncated', false, 2, 2]);
  });

  it('refuses bad flags with one line, and a client that leaves early gets no record', async () => {
    expect((await runCli(['mcp'])).stderr.trim()).toBe('lamsim mcp: --env is required');
    expect((await runCli(['mcp', '--env', 'toolbench', '--split', 'nope'])).stderr).toMatch(/^lamsim mcp: --split "nope" is not a split of ToolBench-v0 \(splits: /);
    expect((await runCli(['mcp', '--env', 'toolbench', '--seed', 'x'])).stderr).toMatch(/--seed must be an integer/);
    const dir = tempDir('lamsim-mcp-');
    const notRecords = join(dir, 'notes.jsonl');
    writeFileSync(notRecords, '{"hello": 1}\n');
    const refused = await runCli(['mcp', '--env', 'toolbench', '--out', notRecords]);
    expect([refused.code, refused.stderr]).toEqual([2, expect.stringMatching(/^lamsim mcp: --out .*notes\.jsonl is not a trajectory file: /)]);
    expect(readFileSync(notRecords, 'utf8')).toBe('{"hello": 1}\n');

    const out = join(dir, 'early.jsonl');
    const { client, stderr, exited } = await connect(['--env', 'toolbench', '--seed', '9', '--out', out]);
    await client.callTool({ name: 'no_such_tool', arguments: {} });
    await client.close();
    await exited;
    expect(readFileSync(out, 'utf8')).toBe('');
  });
});
