import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readRecords } from '../../src/rollout/record-file.js';
import { recordHash, TrajectoryRecordSchema } from '../../src/rollout/record.js';
import { StatsAccumulator } from '../../src/rollout/stats.js';
import { startFakeChatServer } from '../fixtures/fake-chat-server.js';
import { runCli, tempDir } from '../fixtures/memory-io.js';
import { main } from '../../src/cli/main.js';

const plugin = resolve('test/fixtures/kv-plugin.ts');
const kv = (...args: string[]) => runCli(['--plugin', plugin, ...args]);
const lines = (path: string): string[] => readFileSync(path, 'utf8').split('\n').filter((l) => l !== '');

let dir: string;
let trajectories: string;

beforeAll(async () => {
  dir = tempDir();
  const run = await kv('collect', '--env', 'keyvalue', '--split', 'train', '--split', 'test', '--policy', 'noisy', '--noise', 'answer=0.3', '--noise', 'fix=0.6', '--episodes', '40', '--seed', '2', '--samples-per-step', '2', '--attempts', '2', '--out', join(dir, 'run'));
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/^wrote 80 trajectories to .*trajectories\.jsonl \(\d+\/80 solved, \d+ kept by the filter\)\ncost: .* wall, .* per trajectory, .* per kept trajectory\n$/);
  trajectories = join(dir, 'run', 'trajectories.jsonl');
});

describe('lamsim collect / filter / export / stats / render', () => {
  it('collects records and a manifest', async () => {
    const records = lines(trajectories).map((l) => TrajectoryRecordSchema.parse(JSON.parse(l)));
    expect(records).toHaveLength(80);
    expect(new Set(records.map((r) => r.split))).toEqual(new Set(['train', 'test']));
    expect(records.every((r) => r.policy.name === 'noisy' && r.policy.samplesPerStep === 2)).toBe(true);
    const manifest = JSON.parse(readFileSync(join(dir, 'run', 'collect.json'), 'utf8'));
    expect(manifest.policy).toEqual({ name: 'noisy', noise: { structure: 0.06, toolname: 0.05, arguments: 0.07, answer: 0.3, fix: 0.6 } });
  });

  it('filters into kept lines (unchanged) and rejected ones with reasons', async () => {
    const run = await kv('filter', trajectories, '--out', join(dir, 'kept.jsonl'), '--rejected', join(dir, 'rejected.jsonl'));
    expect(run.code, run.stderr).toBe(0);
    const kept = lines(join(dir, 'kept.jsonl'));
    const rejected = lines(join(dir, 'rejected.jsonl')).map((l) => JSON.parse(l));
    expect(kept.length + rejected.length).toBe(80);
    expect(rejected.length).toBeGreaterThan(0);
    expect(run.stdout).toContain(`kept ${kept.length} of 80 trajectories; rejected for: `);
    const original = new Set(lines(trajectories));
    for (const line of kept) expect(original.has(line)).toBe(true);
    for (const record of rejected) {
      expect(record.rejection.length).toBeGreaterThan(0);
      expect(recordHash(TrajectoryRecordSchema.parse(record))).toBe(record.hash);
    }
  });

  it('exports every format', async () => {
    const formats: [string, string[]][] = [
      ['trl-sft', []], ['openai-sft', []], ['sharegpt', []], ['xlam', []],
      ['trl-dpo', []], ['trl-dpo', ['--level', 'trajectory']], ['openai-dpo', ['--level', 'step']], ['sharegpt-dpo', []],
    ];
    for (const [format, extra] of formats) {
      const out = join(dir, `${format}${extra.join('')}.jsonl`);
      const run = await kv('export', trajectories, '--format', format, ...extra, '--out', out);
      expect(run.code, run.stderr).toBe(0);
      const count = lines(out).length;
      expect(count, format).toBeGreaterThan(0);
      expect(run.stdout).toMatch(new RegExp(`^wrote ${count} ${format} `));
    }
  });

  it('prints statistics as a table and as JSON, equal to a streaming pass over the records', async () => {
    const json = await kv('stats', trajectories, '--json');
    expect(json.code, json.stderr).toBe(0);
    const stats = new StatsAccumulator();
    for await (const { record } of readRecords(trajectories)) stats.add(record);
    const { cost, ...report } = JSON.parse(json.stdout);
    expect(report).toEqual(JSON.parse(JSON.stringify(stats.report())));
    // the collection's cost, from the collect.json beside the file
    expect(cost).toMatchObject({ runs: 1, trajectories: 80, requests: 0 });
    expect(cost.kept).toBe(stats.report().total.kept);
    const table = await kv('stats', trajectories);
    expect(table.stdout).toMatch(/^group +episodes +task pass +own pass +action pass +structure +toolname +arguments +execution +kept +steps +cand\. pass\n/);
    expect(table.stdout).toMatch(/\n {4}copy_sum +\d+ /);
    expect(table.stdout).toMatch(/\ncost \(1 run\): .* per kept trajectory\n$/);
  });

  it('renders a trajectory as text and as a self-contained page', async () => {
    const record = TrajectoryRecordSchema.parse(JSON.parse(lines(trajectories)[3]!));
    const text = await kv('render', trajectories, '--index', '3');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(record.instance.id);
    expect(text.stdout).toContain(`[user] ${record.user}`);
    expect(text.stdout.match(/^--- step \d+: /gm)).toHaveLength(record.steps.length);
    const page = join(dir, 'one.html');
    const html = await kv('render', trajectories, '--index', '3', '--html', page);
    expect(html.code, html.stderr).toBe(0);
    const body = readFileSync(page, 'utf8');
    expect(body).toMatch(/^<!doctype html>/);
    expect(body).toContain(record.hash);
    expect(body).not.toMatch(/<script|https?:\/\//);
  });

  it('resumes only with the same settings and never overwrites a collection', async () => {
    const out = join(dir, 'run');
    const again = await kv('collect', '--env', 'keyvalue', '--policy', 'noisy', '--episodes', '40', '--seed', '2', '--out', out);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists: add --resume/);
    const other = await kv('collect', '--env', 'keyvalue', '--split', 'train', '--split', 'test', '--policy', 'noisy', '--episodes', '40', '--seed', '3', '--samples-per-step', '2', '--attempts', '2', '--out', out, '--resume');
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/--resume with different settings: targets was .* now .*|--resume with different settings: seed was 2, now 3/);
    expect(lines(trajectories)).toHaveLength(80);
  });

  it('answers bad input with one line and a non-zero exit, writing nothing', async () => {
    const bad = join(dir, 'bad.jsonl');
    const good = lines(trajectories)[0]!;
    writeFileSync(bad, `${good}\n{"format": "lamsim.trajectory.v1", "broken\n`);
    const notRecord = join(dir, 'not-record.jsonl');
    writeFileSync(notRecord, `${good}\n${good}\n{"hello": 1}\n`);
    const out = join(dir, 'never.jsonl');
    const cases: [string[], RegExp][] = [
      [['collect', '--policy', 'noisy', '--episodes', '3', '--out', join(dir, 'x')], /--env is required/],
      [['collect', '--env', 'keyvalue', '--policy', 'greedy', '--episodes', '3', '--out', join(dir, 'x')], /--policy must be one of oracle, noisy, random, openai/],
      [['collect', '--env', 'keyvalue', '--episodes', '0', '--out', join(dir, 'x')], /--episodes must be an integer in \[1/],
      [['collect', '--env', 'keyvalue', '--split', 'dev', '--episodes', '3', '--out', join(dir, 'x')], /--split "dev" is not a split/],
      [['collect', '--env', 'keyvalue', '--model', 'm', '--episodes', '3', '--out', join(dir, 'x')], /--model applies to --policy openai only/],
      [['collect', '--env', 'keyvalue', '--policy', 'noisy', '--noise', 'typo=1', '--episodes', '3', '--out', join(dir, 'x')], /invalid --noise/],
      [['collect', '--env', 'keyvalue', '--policy', 'openai', '--episodes', '3', '--out', join(dir, 'x')], /--policy openai needs --model/],
      [['collect', '--env', 'keyvalue', '--format', 'yaml', '--episodes', '3', '--out', join(dir, 'x')], /--format "yaml" is not accepted/],
      [['filter', join(dir, 'missing.jsonl'), '--out', out], /cannot read .*missing\.jsonl: no such file/],
      [['filter', bad, '--out', out], /bad\.jsonl:2: not valid JSON/],
      [['stats', notRecord], /not-record\.jsonl:3: not a trajectory record/],
      [['export', bad, '--format', 'trl-sft', '--out', out], /bad\.jsonl:2: not valid JSON/],
      [['export', trajectories, '--format', 'parquet', '--out', out], /--format must be one of trl-sft/],
      [['export', trajectories, '--format', 'trl-dpo', '--level', 'episode', '--out', out], /--level must be step or trajectory/],
      [['export', trajectories, '--format', 'openai-dpo', '--level', 'trajectory', '--out', out], /only --level step fits/],
      [['render', trajectories, '--index', '500'], /--index 500 is out of range: .* holds 80 record/],
      [['render'], /give a trajectory JSONL file/],
      [['stats', trajectories, '--bogus'], /Unknown option '--bogus'/],
    ];
    for (const [args, pattern] of cases) {
      const run = await kv(...args);
      expect(run.code, args.join(' ')).not.toBe(0);
      expect(run.stderr, args.join(' ')).toMatch(pattern);
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(dir, 'x', 'trajectories.jsonl'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('draws progress bars on stderr only when it is a terminal', async () => {
    const capture = async (interactive: boolean) => {
      let stdout = '';
      let stderr = '';
      const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, interactive, env: {}, cwd: process.cwd() };
      const code = await main(['--plugin', plugin, 'collect', '--env', 'keyvalue', '--policy', 'oracle', '--episodes', '5', '--out', join(tempDir(), 'p')], io);
      return { code, stdout, stderr };
    };
    const tty = await capture(true);
    expect(tty.code).toBe(0);
    expect(tty.stderr).toMatch(/\rcollect \[#+\] 5\/5 /);
    const piped = await capture(false);
    expect(piped.stderr).toBe('');
    expect(piped.stdout).toMatch(/^wrote 5 trajectories/);
  });

  it('documents every command', async () => {
    for (const name of ['collect', 'filter', 'export', 'stats', 'render', 'run']) {
      const help = await kv(name, '--help');
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: lamsim ${name}`);
    }
  });
});

describe('lamsim collect --policy openai', () => {
  it('plays an OpenAI-compatible server, sampling candidates at the given temperatures', async () => {
    const server = await startFakeChatServer({
      respond: (body) => {
        const last = body.messages.at(-1)!;
        const names = (body.tools ?? []).map((t) => t.function.name);
        if (last.role === 'tool') return { tool_calls: [{ name: 'Finish', arguments: { answer: String(JSON.parse(String(last.content)).value ?? JSON.parse(String(last.content)).result) } }] };
        const key = /key_[a-z0-9_]+/.exec(String(body.messages[1]!.content))![0];
        return names.includes('get_value') ? { tool_calls: [{ name: 'get_value', arguments: { key } }] } : { tool_calls: [{ name: 'lookup_value', arguments: { name: key } }] };
      },
    });
    try {
      const out = join(tempDir(), 'openai');
      const run = await kv('collect', '--env', 'keyvalue', '--policy', 'openai', '--model', 'fake-model', '--base-url', server.url, '--api-key', 'k', '--temperatures', '0,1', '--samples-per-step', '2', '--episodes', '6', '--out', out);
      expect(run.code, run.stderr).toBe(0);
      const records = lines(join(out, 'trajectories.jsonl')).map((l) => TrajectoryRecordSchema.parse(JSON.parse(l)));
      expect(records).toHaveLength(6);
      expect(records.every((r) => r.passed && r.policy.name === 'openai:fake-model')).toBe(true);
      expect(new Set(server.requests.map((r) => r.body.temperature))).toEqual(new Set([0, 1]));
      expect(server.requests.every((r) => r.body.model === 'fake-model')).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('lets a text-mode model write its own format, which the env then reads alone', async () => {
    const server = await startFakeChatServer({
      respond: (body) => {
        const last = String(body.messages.at(-1)!.content);
        const observed = /"(?:value|result)":(-?\d+)/.exec(last);
        if (observed) return { content: `Thought: done\nAction: Finish\nAction Input: {"answer": "${observed[1]}"}` };
        const key = /key_[a-z0-9_]+/.exec(last)![0];
        const call = String(body.messages[0]!.content).includes('"name":"get_value"') ? `get_value\nAction Input: {"key": "${key}"}` : `lookup_value\nAction Input: {"name": "${key}"}`;
        return { content: `Thought: look it up\nAction: ${call}` };
      },
    });
    try {
      const out = join(tempDir(), 'react');
      const run = await kv('collect', '--env', 'keyvalue', '--policy', 'openai', '--model', 'm', '--mode', 'react', '--base-url', server.url, '--api-key', 'k', '--episodes', '4', '--out', out);
      expect(run.code, run.stderr).toBe(0);
      const records = lines(join(out, 'trajectories.jsonl')).map((l) => TrajectoryRecordSchema.parse(JSON.parse(l)));
      expect(records.every((r) => r.actionFormat === 'react' && r.acceptedFormats.join() === 'react')).toBe(true);
      expect(records.some((r) => r.steps[0]!.format === 'react' && typeof r.steps[0]!.action === 'string')).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('stops at once with one line when the server refuses the key', async () => {
    const server = await startFakeChatServer({ failures: Array.from({ length: 50 }, () => ({ status: 401, message: 'bad key' })) });
    try {
      const out = join(tempDir(), 'refused');
      const run = await kv('collect', '--env', 'keyvalue', '--policy', 'openai', '--model', 'm', '--base-url', server.url, '--api-key', 'wrong', '--episodes', '20', '--out', out);
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/401|key/i);
      expect(lines(join(out, 'trajectories.jsonl'))).toEqual([]);
      expect(server.requests.length).toBeLessThan(20);
    } finally {
      await server.close();
    }
  });
});

describe('lamsim run (the main job)', () => {
  it('explores, filters, writes SFT and DPO files and prints the statistics', async () => {
    const out = join(tempDir(), 'out');
    const run = await kv('run', '--episodes', '30', '--out', out, '--seed', '4');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^group +episodes +task pass/);
    expect(run.stdout).toMatch(/KeyValue-v0 +30 /);
    for (const file of ['trajectories.jsonl', 'kept.jsonl', 'sft-trl.jsonl', 'sft-openai.jsonl', 'dpo-step-trl.jsonl', 'dpo-step-openai.jsonl']) {
      expect(lines(join(out, file)).length, file).toBeGreaterThan(0);
    }
    for (const file of ['rejected.jsonl', 'dpo-trajectory-trl.jsonl', 'sft-sharegpt.jsonl', 'sft-xlam.jsonl', 'dpo-step-sharegpt.jsonl', 'stats.json']) expect(existsSync(join(out, file)), file).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'stats.json'), 'utf8')).rows.find((r: { env: string; level: string }) => r.level === 'env' && r.env === 'KeyValue-v0').episodes).toBe(30);
    const first = lines(join(out, 'trajectories.jsonl')).sort();
    const rerun = await kv('run', '--episodes', '30', '--out', out, '--seed', '4');
    expect(rerun.code).toBe(0);
    expect(lines(join(out, 'trajectories.jsonl')).sort()).toEqual(first);
    expect(readdirSync(out).filter((f) => f.endsWith('.partial') || f.endsWith('.tmp'))).toEqual([]);
  });
});
