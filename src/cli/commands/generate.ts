import { findEnvironment } from '../catalog.js';
import type { Command } from '../command.js';
import { AtomicFile } from '../files.js';
import { intFlag, keyValues, optionalString, parseFlags, requireString } from '../flags.js';
import { CliError, oneLine } from '../io.js';
import { progress } from '../progress.js';
import { DefinitionError } from '../../core/environment.js';
import { TemplateError } from '../../tasks/generate.js';
import type { QueryInstance } from '../../tasks/instance.js';
import { QueryParaphraser } from '../../tasks/paraphrase.js';
import { UserVoice } from '../../users/voice.js';
import { ChatConfigurationError } from '../../rollout/chat-client.js';

const PARAPHRASE_BATCH = 32;

export const generateCommand: Command = {
  name: 'generate',
  summary: 'write query instances with their ground truth as JSONL',
  usage: 'lamsim generate --env ID --seed S --count N [--split NAME] [--template ID] [--world-seed W] [--world key=value]... [--paraphrase-model M] [--voice-model M] [--base-url URL] [--cache DIR] --out FILE',
  help: 'Instance i uses reset seed S+i, so `reset({ seed: S+i, options: { split } })` plays the same instance.\n--paraphrase-model rewords each query with an OpenAI-compatible model (key: OPENAI_API_KEY; --base-url or OPENAI_BASE_URL for a local server; --cache DIR replays replies). Ground truth is untouched; a paraphrase that drops a placeholder value is refused and the original query kept.\n--voice-model rewrites the simulated user\'s texts of multi-turn instances (follow-ups, corrections, replies giving withheld values) the same way; a rewrite that loses a value, adds a number or states an answer is refused.',
  async run(argv, io) {
    const flags = parseFlags(argv, {
      env: { type: 'string' },
      seed: { type: 'string' },
      count: { type: 'string' },
      split: { type: 'string' },
      template: { type: 'string' },
      'world-seed': { type: 'string' },
      world: { type: 'string', multiple: true },
      out: { type: 'string' },
      'paraphrase-model': { type: 'string' },
      'voice-model': { type: 'string' },
      'base-url': { type: 'string' },
      cache: { type: 'string' },
    });
    const environment = findEnvironment(requireString(flags, 'env'));
    const seed = intFlag(flags, 'seed', 0, { min: 0, max: 2 ** 31 });
    const count = intFlag(flags, 'count', 10, { min: 1, max: 10_000_000 });
    const out = requireString(flags, 'out');
    const split = optionalString(flags, 'split') ?? environment.definition.defaultSplit;
    if (!environment.splits.has(split)) throw new CliError(`--split ${JSON.stringify(split)} is not a split of ${environment.id} (splits: ${[...environment.splits.keys()].join(', ')})`);
    const template = optionalString(flags, 'template');
    if (template !== undefined && !environment.split(split).templates.some((t) => t.id === template)) {
      throw new CliError(`--template ${JSON.stringify(template)} is not in split ${split} of ${environment.id}`);
    }
    // Without --world-seed each instance lives in its split's pool world, as reset() would play it.
    const pinned = flags.values['world-seed'] === undefined ? undefined : intFlag(flags, 'world-seed', 0);
    const worldOptions = keyValues(flags, 'world');
    const worldOf = (s: number) => environment.world(pinned ?? environment.worldSeedFor({ seed: s, split }), worldOptions);
    try {
      worldOf(seed);
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError(`invalid --world options: ${oneLine(error)}`);
    }
    const paraphraseModel = optionalString(flags, 'paraphrase-model');
    const voiceModel = optionalString(flags, 'voice-model');
    if (paraphraseModel === undefined && voiceModel === undefined && (flags.values['base-url'] !== undefined || flags.values['cache'] !== undefined)) throw new CliError('--base-url and --cache go with --paraphrase-model or --voice-model');
    let paraphraser: QueryParaphraser | null = null;
    let voice: UserVoice | null = null;
    try {
      const client = { baseURL: optionalString(flags, 'base-url'), cacheDir: optionalString(flags, 'cache'), env: io.env };
      if (paraphraseModel !== undefined) paraphraser = new QueryParaphraser({ model: paraphraseModel, ...client, environment });
      if (voiceModel !== undefined) voice = new UserVoice({ model: voiceModel, ...client });
    } catch (error) {
      throw new CliError(oneLine(error));
    }
    let pending: QueryInstance[] = [];
    const flush = async (): Promise<void> => {
      const reworded = paraphraser ? (await paraphraser.paraphrase(pending)).instances : pending;
      const batch = voice ? (await voice.voice(reworded)).instances : reworded;
      pending = [];
      for (const instance of batch) await file.write(`${JSON.stringify(instance)}\n`);
    };
    const file = new AtomicFile(out, io.cwd);
    const bar = progress(io.stderr, io.interactive, 'generate', count);
    try {
      for (let i = 0; i < count; i++) {
        pending.push(environment.draw({ seed: seed + i, split, world: worldOf(seed + i), ...(template !== undefined ? { template } : {}) }));
        if (pending.length >= (paraphraser || voice ? PARAPHRASE_BATCH : 1) || i === count - 1) await flush();
        bar.tick(i + 1);
      }
      await file.commit();
    } catch (error) {
      await file.abort();
      if (error instanceof TemplateError || error instanceof DefinitionError || error instanceof ChatConfigurationError) throw new CliError(error.message);
      throw error;
    }
    bar.done();
    if (paraphraser) {
      const t = paraphraser.totals;
      io.stderr.write(`paraphrased ${t.paraphrased} of ${count} queries (${t.unchanged} unchanged, ${t.rejected} rejected by the value check, ${t.failed} failed requests; originals kept)\n`);
    }
    if (voice) {
      const t = voice.totals;
      io.stderr.write(`voiced ${t.rewritten} user texts (${t.rejected} rejected by the fact check, ${t.failed} failed requests; originals kept)\n`);
    }
    return 0;
  },
};
