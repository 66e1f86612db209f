import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filterVerdict } from '../../src/rollout/filter.js';
import { TrajectoryRecordSchema, type TrajectoryRecord } from '../../src/rollout/record.js';
import { startFakeModel, type FakeModel } from '../fixtures/fake-model.js';
import { kvEnvironment } from '../fixtures/kv-env.js';
import { runCli, tempDir } from '../fixtures/memory-io.js';

const plugin = resolve('test/fixtures/kv-plugin.ts');
const kv = (...args: string[]) => runCli(['--plugin', plugin, ...args]);
const lines = (path: string): string[] => readFileSync(path, 'utf8').split('\n').filter((l) => l !== '');
const records = (path: string): TrajectoryRecord[] => lines(path).map((l) => TrajectoryRecordSchema.parse(JSON.parse(l)));
const cacheFiles = (dir: string): number => readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.json')).length;

let base: FakeModel;
let trained: FakeModel;
beforeAll(async () => {
  base = await startFakeModel({ environments: [kvEnvironment], seeds: { from: 0, to: 120 }, noise: { structure: 0.1, toolname: 0.1, arguments: 0.15, answer: 0.35, fix: 0.6 } });
  trained = await startFakeModel({ environments: [kvEnvironment], seeds: { from: 0, to: 120 }, noise: { structure: 0, toolname: 0, arguments: 0.01, answer: 0.02, fix: 1 } });
});
afterAll(async () => {
  await base?.close();
  await trained?.close();
});
const model = (m: FakeModel, name: string) => ['--policy', 'openai', '--model', name, '--base-url', m.url, '--mode', 'tools', '--timeout-ms', '10000'];

describe('response cache keyed by everything that changes a sample', () => {
  it('makes repeated attempts at temperature > 0 distinct samples, and replays a cached run exactly, offline', async () => {
    const dir = tempDir();
    const cache = join(dir, 'cache');
    const args = (out: string) => ['collect', '--env', 'keyvalue', '--split', 'test', ...model(base, 'm'), '--temperatures', '1', '--attempts', '4', '--episodes', '24', '--seed', '5', '--cache', cache, '--out', join(dir, out)];
    const before = base.server.requests.length;
    const first = await kv(...args('a'));
    expect(first.code, first.stderr).toBe(0);
    const sent = base.server.requests.slice(before);
    expect(sent.length).toBeGreaterThan(24);
    // every request carries a seed; attempts at one instance send different seeds
    expect(sent.every((r) => Number.isInteger(r.body.seed))).toBe(true);
    const written = records(join(dir, 'a', 'trajectories.jsonl'));
    const byInstance = new Map<string, TrajectoryRecord[]>();
    for (const r of written) byInstance.set(r.instance.id, [...(byInstance.get(r.instance.id) ?? []), r]);
    expect(byInstance.size).toBe(6);
    let distinct = 0;
    for (const group of byInstance.values()) {
      expect(group).toHaveLength(4);
      distinct += new Set(group.map((r) => JSON.stringify(r.steps.map((s) => s.assistant)))).size;
    }
    expect(distinct).toBeGreaterThan(byInstance.size + 4);
    expect(cacheFiles(cache)).toBe(sent.length);
    // a re-run from the cache sends nothing and writes the same bytes (in episode order)
    const again = await kv(...args('b'));
    expect(again.code, again.stderr).toBe(0);
    expect(base.server.requests.length).toBe(before + sent.length);
    expect([...lines(join(dir, 'b', 'trajectories.jsonl'))].sort()).toEqual([...lines(join(dir, 'a', 'trajectories.jsonl'))].sort());
    const manifest = JSON.parse(readFileSync(join(dir, 'b', 'collect.json'), 'utf8'));
    expect(manifest.runs[0]).toMatchObject({ trajectories: 24, requests: 0, cacheHits: sent.length, promptTokens: 0 });
  });

  it('keys by temperature and model too: a change of either is a miss', async () => {
    const dir = tempDir();
    const cache = join(dir, 'cache');
    const run = (out: string, ...extra: string[]) => kv('collect', '--env', 'keyvalue', ...model(base, 'm'), '--episodes', '3', '--seed', '1', '--cache', cache, '--out', join(dir, out), ...extra);
    expect((await run('a', '--temperatures', '0.5')).code).toBe(0);
    const n = cacheFiles(cache);
    expect((await run('b', '--temperatures', '0.5')).code).toBe(0);
    expect(cacheFiles(cache)).toBe(n);
    expect((await run('c', '--temperatures', '0.7')).code).toBe(0);
    expect(cacheFiles(cache)).toBeGreaterThan(n);
    const m = cacheFiles(cache);
    expect((await kv('collect', '--env', 'keyvalue', ...model(base, 'other'), '--temperatures', '0.5', '--episodes', '3', '--seed', '1', '--cache', cache, '--out', join(dir, 'd'))).code).toBe(0);
    expect(cacheFiles(cache)).toBeGreaterThan(m);
  });
});

describe('collect as the paper explores', () => {
  it('plays an instance file until N trajectories are kept, and a resume counts what is kept', async () => {
    const dir = tempDir();
    const instances = join(dir, 'instances.jsonl');
    expect((await kv('generate', '--env', 'keyvalue', '--split', 'test', '--seed', '40', '--count', '30', '--out', instances)).code).toBe(0);
    // a paraphrase stand-in: the file's queries are edited; the model must still be asked exactly them
    const edited = lines(instances).map((l) => {
      const instance = JSON.parse(l);
      instance.query = `Please: ${instance.query}`;
      return JSON.stringify(instance);
    });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(instances, `${edited.join('\n')}\n`);
    const out = join(dir, 'run');
    const args = (kept: string) => ['collect', '--instances', instances, '--policy', 'noisy', '--noise', 'answer=0.4', '--preset', 'paper', '--until-kept', kept, '--concurrency', '1', '--out', out];
    const first = await kv(...args('4'));
    expect(first.code, first.stderr).toBe(0);
    let got = records(join(out, 'trajectories.jsonl'));
    expect(got.filter((r) => filterVerdict(r).keep)).toHaveLength(4);
    expect(got.length).toBeLessThan(30);
    expect(got.every((r) => r.policy.samplesPerStep === 7 && r.selection === 'handler' && r.instance.query.startsWith('Please: '))).toBe(true);
    expect(got.every((r) => r.user.includes('Please: '))).toBe(true);
    const resumed = await kv(...args('9'), '--resume');
    expect(resumed.code, resumed.stderr).toBe(0);
    got = records(join(out, 'trajectories.jsonl'));
    expect(got.filter((r) => filterVerdict(r).keep)).toHaveLength(9);
    expect(new Set(got.map((r) => r.episode)).size).toBe(got.length);
    const manifest = JSON.parse(readFileSync(join(out, 'collect.json'), 'utf8'));
    expect(manifest.runs).toHaveLength(2);
    expect(manifest.runs[1].kept).toBe(5);
    expect(manifest.totals).toMatchObject({ runs: 2, trajectories: got.length, kept: 9 });
    expect(manifest.totals.msPerKept).toBeGreaterThanOrEqual(0);
    const stats = await kv('stats', join(out, 'trajectories.jsonl'), '--json');
    const report = JSON.parse(stats.stdout);
    expect(report.cost).toMatchObject({ runs: 2, kept: 9 });
    expect(report.total.kept).toBe(9);
    // a resume with other settings is refused
    const other = await kv('collect', '--instances', instances, '--policy', 'noisy', '--until-kept', '12', '--out', out, '--resume');
    expect(other.code).not.toBe(0);
    expect(other.stderr).toMatch(/different settings: samplesPerStep/);
  });

  it('answers bad exploration flags with one line', async () => {
    const dir = tempDir();
    for (const [args, message] of [
      [['--env', 'keyvalue', '--preset', 'fast'], /--preset must be one of paper/],
      [['--env', 'keyvalue', '--filter', 'some'], /--filter must be one of both, actions, answer, none/],
      [['--instances', join(dir, 'missing.jsonl')], /cannot read --instances/],
      [['--instances', plugin, '--env', 'keyvalue'], /drop --env/],
      [['--env', 'keyvalue', '--until-kept', '0'], /--until-kept must be an integer/],
    ] as const) {
      const run = await kv('collect', ...args, '--out', join(dir, 'x'));
      expect(run.code).not.toBe(0);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(message);
    }
  });
});

describe('lamsim eval', () => {
  it('measures a model at temperature 0 per split and template, and compares base with trained', async () => {
    const dir = tempDir();
    const evalArgs = (m: FakeModel, name: string, out: string) => ['eval', '--env', 'keyvalue', '--split', 'test', '--split', 'train', '--episodes', '10', '--seeds', '3', ...model(m, name), '--out', join(dir, out)];
    const before = base.server.requests.length;
    const a = await kv(...evalArgs(base, 'base', 'a.json'));
    expect(a.code, a.stderr).toBe(0);
    expect(base.server.requests.slice(before).every((r) => r.body.temperature === 0 && (r.body.n ?? 1) === 1)).toBe(true);
    const b = await kv(...evalArgs(trained, 'trained', 'b.json'));
    expect(b.code, b.stderr).toBe(0);
    const ra = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8'));
    expect(ra.format).toBe('lamsim.eval.v1');
    expect(ra.total.episodes).toBe(60);
    expect(ra.seeds).toEqual([0, 10, 20]);
    const splits = ra.rows.filter((r: { level: string }) => r.level === 'split');
    expect(splits.map((r: { split: string }) => r.split)).toEqual(['test', 'train']);
    for (const row of [ra.total, ...ra.rows]) {
      expect(row.ci95[0]).toBeLessThanOrEqual(row.passRate);
      expect(row.ci95[1]).toBeGreaterThanOrEqual(row.passRate);
      expect(row.perSeed).toHaveLength(3);
    }
    const templates = ra.rows.filter((r: { level: string }) => r.level === 'template');
    expect(templates.reduce((n: number, r: { episodes: number }) => n + r.episodes, 0)).toBe(60);
    expect(ra.total.std).toBeGreaterThan(0);
    expect(a.stdout).toMatch(/^group\s+episodes\s+pass\s+std\s+95% CI\s+action pass\s+structure/);
    const compared = await kv('eval', '--compare', join(dir, 'a.json'), join(dir, 'b.json'), '--json');
    expect(compared.code, compared.stderr).toBe(0);
    const rows = JSON.parse(compared.stdout);
    const total = rows.at(-1);
    expect(total.group).toBe('total');
    expect(total.b.passRate).toBeGreaterThan(total.a.passRate);
    expect(total.pass.significant).toBe(true);
    // the same run against itself differs nowhere
    const self = JSON.parse((await kv('eval', '--compare', join(dir, 'a.json'), join(dir, 'a.json'), '--json')).stdout);
    expect(self.every((r: { pass: { significant: boolean; p: number } }) => !r.pass.significant && r.pass.p === 1)).toBe(true);
    // and a run with the same settings gives the same report
    const again = await kv(...evalArgs(base, 'base', 'a2.json'));
    expect(again.stdout).toBe(a.stdout);
  });

  it('classifies a model\'s next action on states sampled from recorded runs (Table 4)', async () => {
    const dir = tempDir();
    const out = join(dir, 'run');
    expect((await kv('collect', '--env', 'keyvalue', '--split', 'test', '--policy', 'noisy', '--episodes', '30', '--seed', '3', '--out', out)).code).toBe(0);
    const file = join(out, 'trajectories.jsonl');
    const ask = (m: FakeModel, name: string, seed: string) => kv('eval', '--states', '25', file, '--seed', seed, ...model(m, name), '--json');
    const b1 = JSON.parse((await ask(base, 'base', '1')).stdout);
    const b2 = JSON.parse((await ask(base, 'base', '1')).stdout);
    const b3 = JSON.parse((await ask(base, 'base', '2')).stdout);
    const t1 = JSON.parse((await ask(trained, 'trained', '1')).stdout);
    expect(b1.states).toBe(25);
    expect(b1.verdicts).toEqual(b2.verdicts);
    expect(b3.verdicts.map((v: { episode: number; step: number }) => `${v.episode}/${v.step}`)).not.toEqual(b1.verdicts.map((v: { episode: number; step: number }) => `${v.episode}/${v.step}`));
    const errors = (r: { errors: Record<string, number> }) => Object.values(r.errors).reduce((s, n) => s + n, 0);
    expect(b1.ok + errors(b1) + b1.failedRequests).toBe(25);
    expect(errors(b1)).toBeGreaterThan(errors(t1));
    // each verdict is the handler's: the states exist in the file
    const recs = records(file);
    for (const v of b1.verdicts) expect(recs.find((r) => r.episode === v.episode)!.steps.length).toBeGreaterThan(v.step);
  });

  it('refuses what it cannot do with one line', async () => {
    const dir = tempDir();
    for (const [args, message] of [
      [['--env', 'keyvalue', ...model(base, 'm'), '--temperatures', '0.5'], /--temperatures does not apply here/],
      [['--compare', plugin], /two eval JSON files/],
      [['--compare', plugin, plugin], /not a lamsim.eval.v1 file|cannot read/],
      [['--states', '5'], /give a trajectory JSONL file/],
      [[], /--env is required/],
    ] as const) {
      const run = await kv('eval', ...args, '--out', join(dir, 'x.json'));
      expect(run.code).not.toBe(0);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(message);
    }
  });
});
