import { allEnvironments, findEnvironment } from '../catalog.js';
import { parseFlags, optionalString } from '../flags.js';
import type { Command } from '../command.js';
import type { Environment } from '../../core/environment.js';

function summary(env: Environment) {
  return {
    id: env.id,
    description: env.definition.description,
    tools: env.registry.size,
    templates: env.templates.size,
    splits: [...env.splits.keys()],
    defaultSplit: env.definition.defaultSplit,
    actionFormats: env.formats,
  };
}

function details(env: Environment) {
  return {
    ...summary(env),
    tools: env.registry.all().map(({ tool }) => ({
      name: tool.name,
      description: tool.description,
      domain: tool.domain ?? null,
      capability: tool.capability ?? null,
      provider: tool.provider ?? null,
      canonical: tool.capability ? tool.adapt === undefined : null,
      writes: tool.writes === true,
      terminal: tool.terminal === true,
    })),
    templates: [...env.templates.values()].map((t) => ({ id: t.id, domain: t.domain ?? null, label: t.split ?? 'train', steps: t.path.length, compare: t.compare.kind, description: t.description ?? null })),
    splits: [...env.splits.values()].map((s) => ({ name: s.name, description: s.description, templates: s.templates.map((t) => t.id), tools: s.tools.size })),
  };
}

export const listCommand: Command = {
  name: 'list',
  summary: 'list environments, or one environment\'s tools, templates and splits',
  usage: 'lamsim list [--env ID] [--json]',
  async run(argv, io) {
    const flags = parseFlags(argv, { env: { type: 'string' }, json: { type: 'boolean' } });
    const id = optionalString(flags, 'env');
    const json = flags.values['json'] === true;
    if (id === undefined) {
      const envs = allEnvironments().map(summary);
      if (json) io.stdout.write(`${JSON.stringify(envs, null, 2)}\n`);
      else for (const e of envs) io.stdout.write(`${e.id.padEnd(16)} ${String(e.tools).padStart(4)} tools ${String(e.templates).padStart(4)} templates  splits: ${e.splits.join(', ')}\n  ${e.description}\n`);
      return 0;
    }
    const env = details(findEnvironment(id));
    if (json) {
      io.stdout.write(`${JSON.stringify(env, null, 2)}\n`);
      return 0;
    }
    io.stdout.write(`${env.id}: ${env.description}\n\nTools (${env.tools.length}):\n`);
    for (const t of env.tools) io.stdout.write(`  ${t.name.padEnd(48)} ${(t.domain ?? '').padEnd(16)} ${t.capability ? `${t.capability}${t.canonical ? '' : ' (alternate)'}` : ''}${t.writes ? ' [writes]' : ''}${t.terminal ? ' [terminal]' : ''}\n`);
    io.stdout.write(`\nTemplates (${env.templates.length}):\n`);
    for (const t of env.templates) io.stdout.write(`  ${t.id.padEnd(40)} ${(t.domain ?? '').padEnd(16)} ${t.label.padEnd(20)} ${t.steps} step(s), ${t.compare}\n`);
    io.stdout.write(`\nSplits:\n`);
    for (const s of env.splits) io.stdout.write(`  ${s.name.padEnd(20)} ${String(s.templates.length).padStart(3)} templates ${String(s.tools).padStart(4)} tools  ${s.description}\n`);
    return 0;
  },
};
