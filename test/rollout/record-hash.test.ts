import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../fixtures/memory-io.js';

describe('record content hashes are verified on read', () => {
  let dir: string;
  let input: string;
  let lines: string[];
  beforeAll(async () => {
    dir = tempDir();
    const made = await runCli(['collect', '--env', 'CRMArena-v0', '--policy', 'noisy', '--episodes', '12', '--seed', '4', '--out', join(dir, 'c')]);
    expect(made.code, made.stderr).toBe(0);
    input = join(dir, 'c', 'trajectories.jsonl');
    lines = readFileSync(input, 'utf8').split('\n').filter((l) => l !== '');
  }, 120_000);

  const commands = (file: string): string[][] => [
    ['filter', file, '--out', join(dir, 'kept.jsonl')],
    ['export', file, '--format', 'trl-sft', '--unfiltered', '--out', join(dir, 'sft.jsonl')],
    ['stats', file],
    ['render', file, '--index', String(lines.length - 1)],
  ];

  it('accepts untouched files, and the rejected file filter writes (its rejection list is not hashed)', async () => {
    for (const argv of commands(input)) expect((await runCli(argv)).code, argv.join(' ')).toBe(0);
    const filtered = await runCli(['filter', input, '--out', join(dir, 'k.jsonl'), '--rejected', join(dir, 'r.jsonl')]);
    expect(filtered.code, filtered.stderr).toBe(0);
    expect(readFileSync(join(dir, 'r.jsonl'), 'utf8')).toContain('"rejection"');
    expect((await runCli(['stats', join(dir, 'r.jsonl')])).code).toBe(0);
  });

  it('refuses a tampered record in filter, export, stats and render with one line naming the file and line', async () => {
    const tampered = join(dir, 'tampered.jsonl');
    for (const [index, edit] of [
      [lines.length - 1, (r: Record<string, unknown>) => ({ ...r, passed: !r['passed'] })],
      [0, (r: Record<string, unknown>) => ({ ...r, seed: (r['seed'] as number) + 1 })],
      [Math.floor(lines.length / 2), (r: Record<string, unknown>) => ({ ...r, steps: (r['steps'] as unknown[]).slice(1) })],
    ] as const) {
      const copy = [...lines];
      copy[index] = JSON.stringify(edit(JSON.parse(copy[index]!) as Record<string, unknown>));
      writeFileSync(tampered, `${copy.join('\n')}\n`);
      for (const argv of commands(tampered)) {
        const run = await runCli(argv);
        expect(run.code, argv.join(' ')).toBe(2);
        expect(run.stderr).toBe(`lamsim ${argv[0]}: ${tampered}:${index + 1}: content hash mismatch: the record says ${JSON.parse(lines[index]!).hash} but its content hashes to ${run.stderr.match(/hashes to ([0-9a-f]{16})/)?.[1]} (edited or corrupted)\n`);
      }
    }
  });

  it('refuses a line nested too deeply to be a record with a one-line error, not a stack overflow', async () => {
    const deep = join(dir, 'deep.jsonl');
    writeFileSync(deep, `${lines[0]}\n${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
    const run = await runCli(['stats', deep]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`lamsim stats: ${deep}:2: not a trajectory record: JSON value nested too deeply (more than 128 levels)\n`);
  });
});
