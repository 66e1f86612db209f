import { emptyErrorTally, ERROR_CLASSES, type ErrorTally } from '../actions/errors.js';
import { round4, sampleStd, twoProportionTest, wilsonInterval } from './proportions.js';
import type { TrajectoryRecord } from './record.js';

export const EVAL_FORMAT = 'lamsim.eval.v1';

/** One group of an evaluation: an env and split, or a template within it, or the total. */
export interface EvalRow {
  readonly level: 'total' | 'split' | 'template';
  readonly env: string | null;
  readonly split: string | null;
  readonly template: string | null;
  readonly episodes: number;
  readonly solved: number;
  /** solved / episodes, pooled over seeds. */
  readonly passRate: number;
  /** The pass rate of each seed (null where a seed played no episode of this group). */
  readonly perSeed: (number | null)[];
  /** Sample standard deviation of the per-seed pass rates (0 with one seed). */
  readonly std: number;
  /** Wilson score 95% interval of the pooled pass rate. */
  readonly ci95: [number, number];
  readonly actions: number;
  readonly actionsPassed: number;
  readonly actionPassRate: number;
  /** Failed actions by the first failed layer. */
  readonly errors: ErrorTally;
}

export interface EvalReport {
  readonly format: typeof EVAL_FORMAT;
  /** The policy as the command line chose it (model, mode, ...). */
  readonly policy: Record<string, unknown>;
  /** The seed of each block of episodes. */
  readonly seeds: number[];
  readonly episodesPerSeed: number;
  readonly temperature: number;
  readonly samplesPerStep: 1;
  readonly total: EvalRow;
  /** Split rows, each followed by its template rows, sorted by name. */
  readonly rows: EvalRow[];
}

interface Counts {
  episodes: number[];
  solved: number[];
  actions: number;
  actionsPassed: number;
  errors: ErrorTally;
}

/** Pass rates per split and template over several seed blocks, in one streaming pass. */
export class EvalAccumulator {
  readonly #seeds: number;
  readonly #groups = new Map<string, { level: EvalRow['level']; env: string | null; split: string | null; template: string | null; counts: Counts }>();

  constructor(seeds: number) {
    this.#seeds = seeds;
    this.#group('', 'total', null, null, null);
  }

  #group(key: string, level: EvalRow['level'], env: string | null, split: string | null, template: string | null): Counts {
    let group = this.#groups.get(key);
    if (!group) {
      group = { level, env, split, template, counts: { episodes: new Array(this.#seeds).fill(0), solved: new Array(this.#seeds).fill(0), actions: 0, actionsPassed: 0, errors: emptyErrorTally() } };
      this.#groups.set(key, group);
    }
    return group.counts;
  }

  /** Adds one played episode of seed block `seedIndex`. */
  add(record: Pick<TrajectoryRecord, 'env' | 'split' | 'instance' | 'steps' | 'passed'>, seedIndex: number): void {
    const env = record.env.id;
    const groups = [this.#group('', 'total', null, null, null), this.#group(`${env}\u0000${record.split}`, 'split', env, record.split, null), this.#group(`${env}\u0000${record.split}\u0000${record.instance.template}`, 'template', env, record.split, record.instance.template)];
    for (const c of groups) {
      c.episodes[seedIndex]!++;
      if (record.passed) c.solved[seedIndex]!++;
      for (const step of record.steps) {
        c.actions++;
        if (step.ok) c.actionsPassed++;
        else if (step.errorClass !== null || !step.user?.penalty) c.errors[step.errorClass ?? 'structure']++;
      }
    }
  }

  rows(): { total: EvalRow; rows: EvalRow[] } {
    const row = (g: { level: EvalRow['level']; env: string | null; split: string | null; template: string | null; counts: Counts }): EvalRow => {
      const { counts } = g;
      const episodes = counts.episodes.reduce((s, v) => s + v, 0);
      const solved = counts.solved.reduce((s, v) => s + v, 0);
      const perSeed = counts.episodes.map((n, i) => (n === 0 ? null : round4(counts.solved[i]! / n)));
      const [lo, hi] = wilsonInterval(solved, episodes);
      return {
        level: g.level,
        env: g.env,
        split: g.split,
        template: g.template,
        episodes,
        solved,
        passRate: episodes === 0 ? 0 : round4(solved / episodes),
        perSeed,
        std: round4(sampleStd(perSeed.filter((r): r is number => r !== null))),
        ci95: [round4(lo), round4(hi)],
        actions: counts.actions,
        actionsPassed: counts.actionsPassed,
        actionPassRate: counts.actions === 0 ? 0 : round4(counts.actionsPassed / counts.actions),
        errors: { ...counts.errors },
      };
    };
    const keys = [...this.#groups.keys()].filter((k) => k !== '').sort();
    return { total: row(this.#groups.get('')!), rows: keys.map((k) => row(this.#groups.get(k)!)) };
  }
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

function rowName(row: EvalRow): string {
  return row.level === 'total' ? 'total' : row.level === 'split' ? `${row.env}/${row.split}` : `  ${row.template}`;
}

function table(header: string[], body: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const format = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [format(header), rule, ...body.slice(0, -1).map(format), rule, format(body.at(-1)!)].join('\n');
}

export function formatEvalTable(report: Pick<EvalReport, 'total' | 'rows'>): string {
  const header = ['group', 'episodes', 'pass', 'std', '95% CI', 'action pass', ...ERROR_CLASSES];
  const line = (r: EvalRow): string[] => [rowName(r), String(r.episodes), pct(r.passRate), pct(r.std), `${pct(r.ci95[0])}-${pct(r.ci95[1])}`, pct(r.actionPassRate), ...ERROR_CLASSES.map((c) => String(r.errors[c]))];
  return table(header, [...report.rows.map(line), line(report.total)]);
}

/** A row of `compareEvals`: A and B side by side, and the tests of their differences. */
export interface ComparisonRow {
  readonly group: string;
  readonly a: { episodes: number; passRate: number; actionPassRate: number } | null;
  readonly b: { episodes: number; passRate: number; actionPassRate: number } | null;
  /** Two-proportion z-test of the pass rates (null when a side lacks the group). */
  readonly pass: { difference: number; z: number; p: number; significant: boolean } | null;
  readonly action: { difference: number; z: number; p: number; significant: boolean } | null;
}

export const SIGNIFICANCE = 0.05;

/**
 * Base (A) against trained (B), group by group: pass rates and action pass rates with the
 * difference B - A, tested with the two-sided two-proportion z-test (pooled variance) at 0.05.
 */
export function compareEvals(a: Pick<EvalReport, 'total' | 'rows'>, b: Pick<EvalReport, 'total' | 'rows'>): ComparisonRow[] {
  const key = (r: EvalRow): string => `${r.level}\u0000${r.env}\u0000${r.split}\u0000${r.template}`;
  const bRows = new Map([...b.rows, b.total].map((r) => [key(r), r]));
  const aRows = new Map([...a.rows, a.total].map((r) => [key(r), r]));
  const order = [...a.rows.map(key), ...b.rows.map(key).filter((k) => !aRows.has(k)), key(a.total)];
  const side = (r: EvalRow | undefined) => (r ? { episodes: r.episodes, passRate: r.passRate, actionPassRate: r.actionPassRate } : null);
  const test = (xa: number, na: number, xb: number, nb: number) => {
    const t = twoProportionTest(xa, na, xb, nb);
    return { difference: round4(t.difference), z: round4(t.z), p: round4(t.p), significant: t.p < SIGNIFICANCE };
  };
  return order.map((k) => {
    const ra = aRows.get(k);
    const rb = bRows.get(k);
    const named = (ra ?? rb)!;
    return {
      group: rowName(named).trim(),
      a: side(ra),
      b: side(rb),
      pass: ra && rb ? test(ra.solved, ra.episodes, rb.solved, rb.episodes) : null,
      action: ra && rb ? test(ra.actionsPassed, ra.actions, rb.actionsPassed, rb.actions) : null,
    };
  });
}

export function formatComparison(rows: readonly ComparisonRow[], names: [string, string]): string {
  const header = ['group', `${names[0]} pass`, `${names[1]} pass`, 'diff', 'p', '', `${names[0]} action`, `${names[1]} action`, 'diff', 'p', ''];
  const mark = (t: { significant: boolean } | null): string => (t?.significant ? '*' : '');
  const body = rows.map((r) => [
    r.group,
    r.a ? pct(r.a.passRate) : '-',
    r.b ? pct(r.b.passRate) : '-',
    r.pass ? `${r.pass.difference >= 0 ? '+' : ''}${(r.pass.difference * 100).toFixed(1)}` : '-',
    r.pass ? r.pass.p.toFixed(3) : '-',
    mark(r.pass),
    r.a ? pct(r.a.actionPassRate) : '-',
    r.b ? pct(r.b.actionPassRate) : '-',
    r.action ? `${r.action.difference >= 0 ? '+' : ''}${(r.action.difference * 100).toFixed(1)}` : '-',
    r.action ? r.action.p.toFixed(3) : '-',
    mark(r.action),
  ]);
  return `${table(header, body)}\n* significant at p < ${SIGNIFICANCE} (two-sided two-proportion z-test, pooled variance)`;
}
