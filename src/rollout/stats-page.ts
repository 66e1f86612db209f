import { ERROR_CLASSES } from '../actions/errors.js';
import { escapeHtml } from '../core/render.js';
import type { StatsReport, StatsRow } from './stats.js';

const CLASS_COLOURS: Record<string, string> = { structure: '#8e44ad', toolname: '#e67e22', arguments: '#d33', execution: '#2a8bd8' };
const BAR = 14;
const LABEL = 380;
const WIDTH = 360;

function pct(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

/** Horizontal bars: one group per row, one bar per series, values in [0, max]. */
function barChart(title: string, rows: readonly { label: string; values: readonly number[] }[], series: readonly { name: string; colour: string }[], max: number, format: (v: number) => string): string {
  const group = series.length * BAR + 8;
  const height = rows.length * group + 30;
  const bars = rows
    .map((row, r) => {
      const y = 24 + r * group;
      const short = row.label.length > 58 ? `${row.label.slice(0, 57)}…` : row.label;
      const label = `<text class="label" x="${LABEL - 8}" y="${y + (series.length * BAR) / 2 + 4}" text-anchor="end"><title>${escapeHtml(row.label)}</title>${escapeHtml(short)}</text>`;
      const rects = row.values
        .map((v, s) => {
          const w = max > 0 ? Math.max(0, (v / max) * WIDTH) : 0;
          const by = y + s * BAR;
          return `<rect class="bar" data-series="${escapeHtml(series[s]!.name)}" x="${LABEL}" y="${by}" width="${w.toFixed(1)}" height="${BAR - 2}" fill="${series[s]!.colour}"><title>${escapeHtml(`${row.label} ${series[s]!.name}: ${format(v)}`)}</title></rect><text class="value" x="${LABEL + w + 4}" y="${by + BAR - 4}">${escapeHtml(format(v))}</text>`;
        })
        .join('');
      return label + rects;
    })
    .join('\n');
  const legend = series.map((s, i) => `<rect x="${LABEL + i * 100}" y="4" width="12" height="12" fill="${s.colour}"/><text x="${LABEL + i * 100 + 16}" y="14">${escapeHtml(s.name)}</text>`).join('');
  return `<figure><figcaption>${escapeHtml(title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" width="${LABEL + Math.max(WIDTH + 70, series.length * 100)}" height="${height}" role="img" aria-label="${escapeHtml(title)}">${legend}${bars}</svg></figure>`;
}

function templateLabel(row: StatsRow): string {
  return `${row.template} (${row.env?.replace(/-v\d+$/, '')} ${row.split}, n=${row.episodes})`;
}

/** A statistics report as a self-contained HTML page with inline SVG charts (no scripts, no external resources). */
export function statsPage(report: StatsReport, title: string): string {
  const templates = report.rows.filter((r) => r.level === 'template');
  const passChart = barChart(
    'Pass rate per template',
    templates.map((r) => ({ label: templateLabel(r), values: [r.taskPassRate, r.actionPassRate] })),
    [
      { name: 'task pass', colour: '#2e9e4f' },
      { name: 'action pass', colour: '#9bd3a8' },
    ],
    1,
    pct,
  );
  const errorRows = [report.total, ...report.rows.filter((r) => r.level === 'env')].map((r) => ({ label: r.level === 'total' ? 'all' : (r.env ?? ''), values: ERROR_CLASSES.map((c) => r.errors[c]) }));
  const maxErrors = Math.max(1, ...errorRows.flatMap((r) => r.values));
  const errorChart = barChart('Failed actions by error class', errorRows, ERROR_CLASSES.map((c) => ({ name: c, colour: CLASS_COLOURS[c] ?? '#888' })), maxErrors, (v) => String(v));
  const t = report.total;
  const summary = [
    ['episodes', String(t.episodes)],
    ['task pass', `${pct(t.taskPassRate)} (${t.solved})`],
    ['action pass', `${pct(t.actionPassRate)} (${t.actionsPassed} of ${t.actions})`],
    ['kept by the filter', `${pct(t.keptRate)} (${t.kept})`],
    ['failed actions', ERROR_CLASSES.map((c) => `${c} ${t.errors[c]}`).join(', ')],
  ]
    .map(([k, v]) => `<tr><th>${escapeHtml(k!)}</th><td>${escapeHtml(v!)}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin-bottom:1.5em}th,td{text-align:left;padding:2px 10px;border-bottom:1px solid #eee}
figure{margin:1.5em 0}figcaption{font-weight:600;font-size:16px;margin-bottom:.4em}svg text{font-size:12px;fill:#333}svg .value{fill:#555}
</style></head><body>
<h1>${escapeHtml(title)}</h1>
<table>${summary}</table>
${passChart}
${errorChart}
</body></html>
`;
}
