import { auditEnv } from '../../audit/audit.js';
import { auditTable } from '../../audit/report.js';
import { findEnvironment } from '../catalog.js';
import type { Command } from '../command.js';
import { intFlag, parseFlags, requireString } from '../flags.js';
import { CliError } from '../io.js';
import { progress } from '../progress.js';

export const auditCommand: Command = {
  name: 'audit',
  summary: 'play reward-hacking baselines against an env and flag any that wins too often',
  usage: 'lamsim audit --env ID [--split S]... [--seeds N] [--json]',
  async run(argv, io) {
    const flags = parseFlags(argv, { env: { type: 'string' }, split: { type: 'string', multiple: true }, seeds: { type: 'string' }, json: { type: 'boolean' } });
    const environment = findEnvironment(requireString(flags, 'env'));
    const seeds = intFlag(flags, 'seeds', 30, { min: 1, max: 100_000 });
    const splits = (flags.values['split'] as string[] | undefined) ?? [...environment.splits.keys()];
    for (const split of splits) {
      if (!environment.splits.has(split)) throw new CliError(`--split ${JSON.stringify(split)} is not a split of ${environment.id} (splits: ${[...environment.splits.keys()].join(', ')})`);
    }
    const total = splits.reduce((n, s) => n + environment.split(s).templates.length, 0);
    const bar = progress(io.stderr, io.interactive, 'audit', total);
    const report = auditEnv(environment, { splits, seeds, onProgress: (done, _total, label) => bar.tick(done, label) });
    bar.done();
    io.stdout.write(flags.values['json'] === true ? `${JSON.stringify(report)}\n` : auditTable(report));
    return report.ok ? 0 : 1;
  },
};
