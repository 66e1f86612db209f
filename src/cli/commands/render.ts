import type { Command } from '../command.js';
import { AtomicFile } from '../files.js';
import { intFlag, optionalString, parseFlags } from '../flags.js';
import { CliError } from '../io.js';
import { inputFile, readingInput } from '../record-input.js';
import { renderAnsi, renderEpisodeHtml } from '../../core/render.js';
import { stepMessages, opening } from '../../data/conversation.js';
import { episodeView, recordSummary, stepVerdictLine } from '../../data/episode-view.js';
import { readRecords } from '../../rollout/record-file.js';
import type { TrajectoryRecord } from '../../rollout/record.js';

function renderText(record: TrajectoryRecord, color: boolean): string {
  const lines = recordSummary(record).map(([k, v]) => `${k}: ${v}`);
  lines.push(renderAnsi(opening(record), { color }));
  record.steps.forEach((step, i) => {
    lines.push(`--- step ${i + 1}: ${stepVerdictLine(step)} (reward ${step.reward})`);
    lines.push(renderAnsi(stepMessages(step), { color }));
  });
  return lines.join('\n');
}

export const renderCommand: Command = {
  name: 'render',
  summary: 'show one trajectory of a file as text, or as a self-contained HTML page',
  usage: 'lamsim render FILE [--index I] [--html OUT] [--color]',
  help: `--index is the 0-based position of the record in the file (default 0). --html writes a
self-contained page: numbered steps with each action's verdict (a coloured badge and its error),
per-step rewards and the running return, the sampled candidates (chosen, and the rejected ones that
make DPO pairs), the final answer against the ground truth, collapsible long messages, pretty JSON.`,
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
      const file = new AtomicFile(html, io.cwd);
      await file.write(renderEpisodeHtml(episodeView(record)));
      await file.commit();
      io.stdout.write(`wrote ${html}\n`);
      return 0;
    }
    io.stdout.write(`${renderText(record, flags.values['color'] === true)}\n`);
    return 0;
  },
};
