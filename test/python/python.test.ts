// Runs the Python package's tests (python/tests, pytest) with the venv python .ci/setup.d/30-python.sh
// exports as LAMSIM_PYTHON, against a server started here from the same source. It first collects a
// small noisy run with the CLI, exports the TRL files the training test reads, and plays episodes in
// TypeScript whose stable JSON the Python side must reproduce byte for byte.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { make } from '../../src/core/registry.js';
import { stableJson } from '../../src/core/json.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import '../../envs/index.js';
import { runCli, tempDir } from '../fixtures/memory-io.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const python = process.env['LAMSIM_PYTHON'];
const inCi = ['true', '1'].includes(process.env['CI'] ?? '');
const chatTemplate = fileURLToPath(new URL('../../../shared/fixtures/chat-templates/Qwen_Qwen2.5-7B-Instruct.jinja', import.meta.url));

interface StepRecord {
  assistant: unknown;
  candidates?: { assistant: unknown; passed: boolean }[];
}
interface TrajectoryRecord {
  env: { id: string; version: number };
  seed: number | string;
  split: string;
  worldSeed: number | string;
  steps: StepRecord[];
}

/** Episodes to replay: a text action first, then each recorded step's failing candidates before the action played. */
function parityEpisodes(records: TrajectoryRecord[]) {
  const perEnv = new Map<string, number>();
  const episodes = [];
  for (const record of records) {
    const id = `${record.env.id.split('-v')[0]}-v${record.env.version}`;
    if ((perEnv.get(id) ?? 0) >= 2) continue;
    perEnv.set(id, (perEnv.get(id) ?? 0) + 1);
    const actions: unknown[] = ['I will look this up first.'];
    for (const step of record.steps) {
      for (const candidate of step.candidates ?? []) if (!candidate.passed) actions.push(candidate.assistant);
      actions.push(step.assistant);
    }
    episodes.push({ env: id, split: record.split, seed: record.seed, worldSeed: record.worldSeed, actions });
  }
  return episodes;
}

/** The TypeScript side of the parity check: each reset and step result as one stable JSON line. */
function playInTypeScript(episodes: ReturnType<typeof parityEpisodes>): string {
  const lines: string[] = [];
  for (const episode of episodes) {
    const env = make(episode.env, { split: episode.split, worldSeed: episode.worldSeed });
    lines.push(stableJson(env.reset({ seed: episode.seed })));
    for (const action of episode.actions) {
      const result = env.step(action);
      lines.push(stableJson(result));
      if (result.terminated || result.truncated) break;
    }
    env.close();
  }
  return lines.join('\n') + '\n';
}

function pytest(args: string[], env: Record<string, string>, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(python!, ['-m', 'pytest', '-p', 'no:cacheprovider', '-q', '-rs', ...args], { cwd: root, env: { ...process.env, ...env }, timeout: timeoutMs, killSignal: 'SIGKILL' });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe.skipIf(!python)('the Python package (pytest with LAMSIM_PYTHON, against a live server)', () => {
  let server: RunningServer;
  let work: string;
  let env: Record<string, string>;
  let authToken: string;

  beforeAll(async () => {
    // Sessions need the server token (the client must send it), and clients may pick world seeds (the parity episodes do).
    authToken = randomBytes(18).toString('base64url');
    server = await startServer({ port: 0, access: { authToken }, worldPolicy: { seeds: true, options: new Map() } });
    work = tempDir('lamsim-python-');
    const run = join(work, 'run');
    const cli = async (...argv: string[]) => {
      const result = await runCli(argv);
      if (result.code !== 0) throw new Error(`lamsim ${argv.join(' ')}: ${result.stderr}`);
      return result.stdout;
    };
    // Wrong answers at 60% so some instances have a kept and a failed attempt (trajectory-level pairs).
    await cli('collect', '--env', 'ToolBench-v0', '--env', 'CRMArena-v0', '--policy', 'noisy', '--episodes', '12', '--seed', '0', '--samples-per-step', '3', '--attempts', '2', '--noise', 'answer=0.6', '--out', run);
    await cli('export', join(run, 'trajectories.jsonl'), '--format', 'trl-sft', '--out', join(run, 'sft-trl.jsonl'));
    await cli('export', join(run, 'trajectories.jsonl'), '--format', 'trl-dpo', '--level', 'step', '--out', join(run, 'dpo-step-trl.jsonl'));
    await cli('export', join(run, 'trajectories.jsonl'), '--format', 'trl-dpo', '--level', 'trajectory', '--out', join(run, 'dpo-trajectory-trl.jsonl'));
    const records = readFileSync(join(run, 'trajectories.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as TrajectoryRecord);
    const parity = join(work, 'parity');
    mkdirSync(parity);
    const episodes = parityEpisodes(records);
    writeFileSync(join(parity, 'episodes.json'), JSON.stringify(episodes));
    writeFileSync(join(parity, 'expected.jsonl'), playInTypeScript(episodes));
    env = {
      LAMSIM_URL: server.url,
      LAMSIM_AUTH_TOKEN: authToken,
      LAMSIM_PROJECT: root,
      LAMSIM_PARITY_DIR: parity,
      LAMSIM_EXPORTS_DIR: run,
      LAMSIM_CHAT_TEMPLATE: chatTemplate,
      LAMSIM_WORK_DIR: work,
      PYTHONDONTWRITEBYTECODE: '1',
      // One torch/OpenMP thread: the TRL test shares 2 cores with another vitest worker, and there two OpenMP
      // threads waiting on each other took 16x the wall time of one (a small MLP's training loop, load 8).
      OMP_NUM_THREADS: process.env['OMP_NUM_THREADS'] ?? '1',
    };
  }, 300_000);

  afterAll(async () => {
    await server?.close();
  });

  it('python/tests: Gymnasium check_env on every env and split, determinism, parity with TypeScript, vector env, errors, install', async () => {
    const { code, output } = await pytest(['python/tests', '--ignore=python/tests/test_trl.py'], env, 580_000);
    expect(code, output).toBe(0);
    expect(output).toMatch(/\d+ passed/);
    if (inCi) expect(output, 'nothing may be skipped in CI').not.toMatch(/\d+ skipped/);
  }, 600_000);

  it('python/tests/test_trl.py: SFTTrainer and DPOTrainer train on the files exactly as exported', async () => {
    if (!existsSync(chatTemplate)) throw new Error(`the chat-template fixtures are absent: ${chatTemplate} (CI clones ../shared beside the repo)`);
    const { code, output } = await pytest(['python/tests/test_trl.py', '-s'], env, 1_180_000);
    expect(code, output).toBe(0);
    expect(output).toMatch(/\d+ passed/);
    console.log(output.split('\n').filter((line) => line.startsWith('[trl]')).join('\n'));
  }, 1_200_000);
});

describe.skipIf(python)('the Python package without LAMSIM_PYTHON', () => {
  it('is required in CI', () => {
    if (inCi) throw new Error('LAMSIM_PYTHON is not set: .ci/setup.d/30-python.sh creates the venv and exports it');
    console.warn('skipped the Python tests: LAMSIM_PYTHON is not set (source .ci/setup.d/30-python.sh, or point it at a venv with python/requirements-ci.txt and ./python)');
  });
});
