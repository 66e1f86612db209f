import { findEnvironment } from '../catalog.js';
import type { Command } from '../command.js';
import { AtomicFile } from '../files.js';
import { intFlag, keyValues, optionalString, parseFlags, requireString } from '../flags.js';
import { CliError, oneLine } from '../io.js';
import { progress } from '../progress.js';
import { DefinitionError } from '../../core/environment.js';
import { TemplateError } from '../../tasks/generate.js';

export const generateCommand: Command = {
  name: 'generate',
  summary: 'write query instances with their ground truth as JSONL',
  usage: 'lamsim generate --env ID --seed S --count N [--split NAME] [--template ID] [--world-seed W] [--world key=value]... --out FILE',
  help: 'Instance i uses reset seed S+i, so `reset({ seed: S+i, options: { split } })` plays the same instance.',
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
    let world;
    try {
      world = environment.world(flags.values['world-seed'] === undefined ? undefined : intFlag(flags, 'world-seed', 0), keyValues(flags, 'world'));
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError(`invalid --world options: ${oneLine(error)}`);
    }
    const file = new AtomicFile(out, io.cwd);
    const bar = progress(io.stderr, io.interactive, 'generate', count);
    try {
      for (let i = 0; i < count; i++) {
        const instance = environment.draw({ seed: seed + i, split, world, ...(template !== undefined ? { template } : {}) });
        await file.write(`${JSON.stringify(instance)}\n`);
        bar.tick(i + 1);
      }
      await file.commit();
    } catch (error) {
      file.abort();
      if (error instanceof TemplateError || error instanceof DefinitionError) throw new CliError(error.message);
      throw error;
    }
    bar.done();
    return 0;
  },
};
