import type { Command } from '../command.js';
import { AtomicFile } from '../files.js';
import { intFlag, optionalString, parseFlags } from '../flags.js';
import { CliError } from '../io.js';
import { inputFile, readingInput } from '../record-input.js';
import { renderAnsi, renderHtml } from '../../core/render.js';
import { stepMessages, opening } from '../../data/conversation.js';
import { readRecords } from '../../rollout/record-file.js';
import type { StepRecord, TrajectoryRecord } from '../../rollout/record.js';

function verdict(step: StepRecord): string {
  const base = step.ok ? 'ok' : `${step.errorClass}: ${step.message}`;
  if (!step.candidates) return base;
  const others = step.candidates.map((c, i) => `${i === step.chosen ? '*' : ''}${c.passed ? 'pass' : (c.errorClass ?? 'wrong answer')}${c.count > 1 ? ` x${c.count}` : ''}`);
  return `${base} [candidates: ${others.join(', ')}]`;
}

function summary(record: TrajectoryRecord): [string, string][] {
  return [
    ['env', `${record.env.id} (split ${record.split}, episode ${record.episode}, attempt ${record.attempt}, seed ${record.seed})`],
    ['instance', `${record.instance.id} (template ${record.instance.template})`],
    ['policy', `${record.policy.name}, ${record.policy.samplesPerStep} sample(s) per step, format ${record.actionFormat}`],
    ['outcome', `${record.outcome.status}${record.outcome.answer !== null ? ` ${JSON.stringify(record.outcome.answer)}` : ''}: ${record.passed ? 'solved' : 'not solved'} (${record.outcome.detail})`],
    ['ground truth', record.instance.solution.answer],
    ['tallies', `${record.tallies.steps} steps, ${record.tallies.passed} passed, errors ${Object.entries(record.tallies.errors).map(([k, v]) => `${k} ${v}`).join(' ')}, return ${record.tallies.return}`],
    ['steps', record.steps.map((s, i) => `${i + 1} ${verdict(s)}`).join('\n')],
    ['hash', record.hash],
  ];
}

function renderText(record: TrajectoryRecord, color: boolean): string {
  const lines = summary(record).filter(([k]) => k !== 'steps').map(([k, v]) => `${k}: ${v}`);
  lines.push(renderAnsi(opening(record), { color }));
  record.steps.forEach((step, i) => {
    lines.push(`--- step ${i + 1}: ${verdict(step)}`);
    lines.push(renderAnsi(stepMessages(step), { color }));
  });
  return lines.join('\n');
}

export const renderCommand: Command = {
  name: 'render',
  summary: 'show one trajectory of a file as text, or as a self-contained HTML page',
  usage: 'lamsim render FILE [--index I] [--html OUT] [--color]',
  help: '--index is the 0-based position of the record in the file (default 0).',
  async run(argv, io) {
    const flags = parseFlags(argv, { index: { type: 'string' }, html: { type: 'string' }, color: { type: 'boolean' } }, true);
    const input = inputFile(flags.positionals, io.cwd);
    const index = intFlag(flags, 'index', 0, { min: 0 });
    const html = optionalString(flags, 'html');
    let found: TrajectoryRecord | null = null;
    let count = 0;
    await readingInput(async () => {
      for await (const { record } of readRecords(input)) {
        if (count++ === index) {
          found = record;
          break;
        }
      }
    });
    const record = found as TrajectoryRecord | null;
    if (record === null) throw new CliError(`--index ${index} is out of range: ${flags.positionals[0]} holds ${count} record(s)`);
    if (html !== undefined) {
      const file = new AtomicFile(html, io.cwd, [input]);
      const messages = [...opening(record), ...record.steps.flatMap(stepMessages)];
      try {
        await file.write(renderHtml(messages, { title: `${record.env.id} ${record.instance.id}`, summary: summary(record) }));
        await file.commit();
      } catch (error) {
        await file.abort();
        throw error;
      }
      io.stdout.write(`wrote ${html}\n`);
      return 0;
    }
    io.stdout.write(`${renderText(record, flags.values['color'] === true)}\n`);
    return 0;
  },
};
