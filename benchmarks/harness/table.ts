import type { ResultFile } from './results.js';

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 100_000) return `${(value / 1000).toFixed(0)}k`;
  if (abs >= 10_000) return `${(value / 1000).toFixed(1)}k`;
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

function targetText(op: '>=' | '<=', value: number): string {
  return `${op} ${formatNumber(value)}`;
}

/** The results as a plain-text table, one row per figure. */
export function resultTable(results: readonly ResultFile[]): string {
  const header = ['benchmark', 'figure', 'value', 'unit', 'range', 'target', ''];
  const rows: string[][] = [];
  for (const result of results) {
    if (result.error) rows.push([result.benchmark, `ERROR: ${result.error.split('\n')[0]}`, '', '', '', '', '']);
    for (const f of result.figures) {
      rows.push([
        result.benchmark,
        f.name,
        formatNumber(f.value),
        f.unit,
        f.min !== undefined && f.max !== undefined ? `${formatNumber(f.min)}..${formatNumber(f.max)}` : '',
        f.target ? targetText(f.target.op, f.target.value) : '',
        f.verdict ?? '',
      ]);
    }
    for (const why of result.skipped) rows.push([result.benchmark, `skipped: ${why}`, '', '', '', '', '']);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (i === 1 ? Math.min(r[i]!.length, 60) : r[i]!.length))));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
