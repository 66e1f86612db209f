import { renameSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { allEnvironments } from '../catalog.js';
import type { Command } from '../command.js';
import { intFlag, optionalString, parseFlags } from '../flags.js';
import { AtomicFile, makeFolder, writingTo } from '../files.js';
import { CliError } from '../io.js';
import { collectInto, describeResult } from './collect.js';
import { exportToFile } from './export.js';
import { describeFilter, filterToFiles } from './filter.js';
import { statsOf } from './stats.js';
import type { ExportOptions } from '../../data/export.js';
import { NoisyOraclePolicy } from '../../rollout/noisy-oracle.js';
import { formatStatsTable } from '../../rollout/stats.js';

/** The data files of the main job: name, export options, what they hold. */
const OUTPUTS: readonly { file: string; options: ExportOptions; what: string }[] = [
  { file: 'sft-trl.jsonl', options: { format: 'trl-sft' }, what: 'SFT, TRL conversational with tools' },
  { file: 'sft-openai.jsonl', options: { format: 'openai-sft' }, what: 'SFT, OpenAI fine-tuning' },
  { file: 'sft-sharegpt.jsonl', options: { format: 'sharegpt' }, what: 'SFT, LLaMA-Factory ShareGPT' },
  { file: 'sft-xlam.jsonl', options: { format: 'xlam' }, what: 'SFT, xLAM / APIGen rows' },
  { file: 'dpo-step-trl.jsonl', options: { format: 'trl-dpo', level: 'step' }, what: 'DPO step-level pairs, TRL' },
  { file: 'dpo-step-openai.jsonl', options: { format: 'openai-dpo', level: 'step' }, what: 'DPO step-level pairs, OpenAI' },
  { file: 'dpo-step-sharegpt.jsonl', options: { format: 'sharegpt-dpo', level: 'step' }, what: 'DPO step-level pairs, ShareGPT' },
  { file: 'dpo-trajectory-trl.jsonl', options: { format: 'trl-dpo', level: 'trajectory' }, what: 'DPO trajectory-level pairs, TRL' },
];

/**
 * The main job: explore every registered environment (its default, training split) with the noisy
 * oracle, sampling candidates at each step and attempting each instance twice; filter; write SFT and
 * DPO files in every format; print the statistics.
 */
export const runCommand: Command = {
  name: 'run',
  summary: 'the main job: explore every environment with the noisy oracle, filter, write SFT/DPO data, print statistics',
  usage: 'lamsim run [--episodes N] [--out DIR] [--seed S] [--samples-per-step N] [--attempts R] [--concurrency K]',
  help: `Defaults: 200 episodes per environment (its default split), seed 0, 3 candidates per step,
2 attempts per instance, output in ./out (replaced on every run). Writes trajectories.jsonl,
kept.jsonl, rejected.jsonl (with reasons), ${OUTPUTS.map((o) => o.file).join(', ')}
and stats.json, then prints the statistics table.`,
  async run(argv, io) {
    const flags = parseFlags(argv, { episodes: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' }, 'samples-per-step': { type: 'string' }, attempts: { type: 'string' }, concurrency: { type: 'string' } });
    const episodes = intFlag(flags, 'episodes', 200, { min: 1, max: 10_000_000 });
    const seed = intFlag(flags, 'seed', 0, { min: 0, max: 2 ** 31 });
    const samplesPerStep = intFlag(flags, 'samples-per-step', 3, { min: 1, max: 64 });
    const attempts = intFlag(flags, 'attempts', 2, { min: 1, max: 1000 });
    const concurrency = intFlag(flags, 'concurrency', 8, { min: 1, max: 4096 });
    const out = resolve(io.cwd, optionalString(flags, 'out') ?? 'out');
    const environments = allEnvironments();
    if (environments.length === 0) throw new CliError('no environments are registered (built-ins come from envs/index.ts; add more with --plugin FILE)');
    makeFolder(out, out);
    const started = Date.now();
    const show = (path: string): string => {
      const near = relative(io.cwd, path);
      return near === '' || near.startsWith('..') ? path : near;
    };
    const trajectories = join(out, 'trajectories.jsonl');
    const partial = `${trajectories}.partial`;
    rmSync(partial, { force: true });
    const policy = new NoisyOraclePolicy();
    const result = await collectInto(io, partial, {
      plan: { targets: environments.map((environment) => ({ environment, split: environment.definition.defaultSplit })), episodes, seed, attempts },
      chosen: { policy, settings: { name: policy.name, noise: policy.noise } },
      samplesPerStep,
      concurrency,
      resume: false,
      label: 'explore',
    });
    if (result.interrupted) {
      io.stderr.write(`lamsim run: interrupted; partial trajectories are in ${show(partial)}\n`);
      return 130;
    }
    writingTo(trajectories, () => renameSync(partial, trajectories));
    for (const error of result.errors) io.stderr.write(`lamsim run: ${error}\n`);
    const lines: string[] = [describeResult(result, show(trajectories))];
    const quiet = { ...io, interactive: false };
    const filtered = await filterToFiles(quiet, trajectories, join(out, 'kept.jsonl'), join(out, 'rejected.jsonl'));
    lines.push(`${describeFilter(filtered)} -> ${show(join(out, 'kept.jsonl'))}, ${show(join(out, 'rejected.jsonl'))}`);
    const width = Math.max(...OUTPUTS.map((o) => show(join(out, o.file)).length));
    for (const output of OUTPUTS) {
      const path = join(out, output.file);
      const counts = await exportToFile(quiet, trajectories, output.options, path);
      lines.push(`${String(counts.lines).padStart(7)} lines  ${show(path).padEnd(width)}  ${output.what}`);
    }
    const report = await statsOf(quiet, trajectories);
    const statsFile = new AtomicFile(join(out, 'stats.json'), io.cwd);
    try {
      await statsFile.write(`${JSON.stringify(report, null, 2)}\n`);
      await statsFile.commit();
    } catch (error) {
      await statsFile.abort();
      throw error;
    }
    lines.push(`statistics -> ${show(join(out, 'stats.json'))}`);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    io.stdout.write(`${formatStatsTable(report)}\n\n${lines.join('\n')}\ndone in ${seconds}s (${environments.map((e) => e.id).join(', ')}; ${episodes} episodes each, ${samplesPerStep} candidates per step, ${attempts} attempts per instance)\n`);
    return result.failed > 0 ? 1 : 0;
  },
};
