import type { AuditReport } from './audit.js';
import type { ExploitResult } from './thresholds.js';

const pct = (r: ExploitResult | undefined): string => (r === undefined || r.trials === 0 ? '-' : `${(100 * r.rate).toFixed(0)}%${r.flagged ? '!' : ''}`);

const COLUMNS = ['best constant', 'lookup', 'spray (world)', 'spray (tools)', 'padding > oracle', 'stalling > oracle'] as const;
/** Multi-turn templates' rows (see conversationExploits): columns shown only when some row has them. */
const CONVERSATION_COLUMNS = [
  ['answer without asking', 'no-ask'],
  ['constant (last intent)', 'const-last'],
  ['ask everything > oracle', 'ask-all>oracle'],
] as const;

/** The audit as a text table: one row per (split, template), `!` after a flagged rate, then a summary line. */
export function auditTable(report: AuditReport): string {
  const conversational = report.rows.some((row) => row.exploits.some((e) => e.name === CONVERSATION_COLUMNS[0][0]));
  const extra = conversational ? CONVERSATION_COLUMNS : [];
  const head = ['split', 'template', 'n', 'answers', 'oracle', 'const', 'lookup', 'spray-world', 'spray-tools', 'pad>oracle', 'stall>oracle', ...extra.map(([, h]) => h), 'best constant'];
  const body = report.rows.map((row) => {
    const by = new Map(row.exploits.map((e) => [e.name, e]));
    const best = by.get('best constant');
    return [row.split, row.template, String(row.instances), String(row.possibleAnswers), pct(row.oracle), ...COLUMNS.map((c) => pct(by.get(c))), ...extra.map(([name]) => pct(by.get(name))), best?.detail ?? ''];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const flaggedNames = report.rows.flatMap((r) => [...(r.oracle.flagged ? [`${r.split}/${r.template}: oracle ${pct(r.oracle)}`] : []), ...r.exploits.filter((e) => e.flagged).map((e) => `${r.split}/${r.template}: ${e.name} ${pct(e)} (limit ${(100 * e.threshold).toFixed(0)}%)`)]);
  const summary = report.ok
    ? `${report.env}: no exploit above its threshold (${report.rows.length} split/template rows, ${report.seeds} seeds each)`
    : `${report.env}: ${report.flagged} of ${report.rows.length} split/template rows flagged:\n${flaggedNames.map((f) => `  ${f}`).join('\n')}`;
  return `${[line(head), ...body.map(line)].join('\n')}\n\n${summary}\n`;
}
