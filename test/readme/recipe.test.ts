import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../fixtures/memory-io.js';
import { builtCli } from '../setup/built-cli.js';

const run = promisify(execFile);
const repo = join(import.meta.dirname, '../..');

// LAMSIM: the recipe's own way to name the CLI, here the built one (the test setup keeps it current)
describe('scripts/recipe.sh, the README recipe, at tiny counts', () => {
  it('generates, explores, filters, exports, evaluates base and trained stand-ins and compares them', async () => {
    const out = tempDir('lamsim-recipe-');
    const env = { ...process.env, BASE_ENDPOINT: '', TRAINED_ENDPOINT: '', OUT: out, INSTANCES: '10', KEPT: '3', EVAL_EPISODES: '5', SEEDS: '2', STATES: '8', CONCURRENCY: '4', LAMSIM: `${process.execPath} ${relative(repo, builtCli)}` };
    const { stdout } = await run('bash', ['scripts/recipe.sh'], { env, timeout: 580_000, maxBuffer: 1 << 24 }).catch((error: { stderr?: string; message: string }) => {
      throw new Error(`recipe failed: ${error.message}\n${error.stderr ?? ''}`);
    });
    for (const file of ['instances.jsonl', 'explore/trajectories.jsonl', 'explore/collect.json', 'kept.jsonl', 'sft.jsonl', 'dpo-step.jsonl', 'sft-actions-only.jsonl', 'base.json', 'trained.json', 'comparison.json', 'states-base.json', 'states-trained.json']) {
      expect(existsSync(join(out, file)), file).toBe(true);
    }
    const kept = readFileSync(join(out, 'kept.jsonl'), 'utf8').split('\n').filter(Boolean);
    expect(kept.length).toBeGreaterThanOrEqual(3);
    const manifest = JSON.parse(readFileSync(join(out, 'explore', 'collect.json'), 'utf8'));
    expect(manifest.samplesPerStep).toBe(7);
    expect(manifest.totals.requests).toBeGreaterThan(0);
    const base = JSON.parse(readFileSync(join(out, 'base.json'), 'utf8'));
    const trained = JSON.parse(readFileSync(join(out, 'trained.json'), 'utf8'));
    expect(base.total.episodes).toBe(10);
    expect(trained.total.actionPassRate).toBeGreaterThan(base.total.actionPassRate);
    expect(stdout).toMatch(/significant at p < 0.05/);
    expect(stdout).toMatch(/8 states: \d+ ok/);
  }, 600_000);
});
