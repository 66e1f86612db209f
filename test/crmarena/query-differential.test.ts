import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runSoql, type FieldValue, type OrgRecord } from '../../envs/crmarena/query/index.js';

/**
 * Differential tests: random records, random conditions rendered as SOQL (mixed AND/OR always
 * parenthesized, as SOQL requires; same-operator chains sometimes not), and a plain JS
 * evaluator of the same condition written independently of the engine (string comparison of ISO
 * dates, Date arithmetic for relative literals, RegExp for LIKE).
 */

type Field = 'Name' | 'Amount' | 'Active' | 'Day' | 'Stamp';
type Op = '=' | '!=' | '<' | '<=' | '>' | '>=';
type Lit =
  | { t: 'null' }
  | { t: 's'; v: string }
  | { t: 'n'; v: number }
  | { t: 'b'; v: boolean }
  | { t: 'd'; v: string }
  | { t: 'dt'; v: string }
  | { t: 'rel'; name: string; n: number | null };
type LikeAtom = { t: 'char'; c: string } | { t: 'any' } | { t: 'one' };
type Cond =
  | { k: 'cmp'; f: Field; op: Op; lit: Lit }
  | { k: 'in'; f: Field; lits: Lit[]; neg: boolean }
  | { k: 'like'; atoms: LikeAtom[] }
  | { k: 'and' | 'or'; xs: Cond[]; paren: boolean }
  | { k: 'not'; x: Cond };

const CHARS = ['a', 'b', 'A', 'B', 'k', ' ', '%', '_', "'", '\\', 'é', 'É', '\n', '\u212A', '\u0130'];
const BASE_DAY = Date.UTC(2023, 9, 1);
const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const isoSecond = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

const text = fc.array(fc.constantFrom(...CHARS), { maxLength: 4 }).map((cs) => cs.join(''));
/** Days next to the todays below and to month, quarter and year edges, where off-by-one mistakes show. */
const EDGE_DAYS = [
  '2024-06-14', '2024-06-15', '2024-06-16', '2024-05-31', '2024-06-01', '2024-06-30', '2024-07-01', '2023-12-31', '2024-01-01',
  '2024-01-02', '2024-02-28', '2024-02-29', '2024-03-01', '2024-03-30', '2024-03-31', '2024-04-01', '2023-10-01', '2023-12-01',
];
const dayString = fc.oneof(
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 335 }).map((d) => isoDay(BASE_DAY + d * DAY)) },
  { weight: 4, arbitrary: fc.constantFrom(...EDGE_DAYS) },
);
const stampString = fc.oneof(
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 335 * 86_400 }).map((s) => isoSecond(BASE_DAY + s * 1000)) },
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...EDGE_DAYS), fc.constantFrom('00:00:00', '23:59:59', '12:30:00')).map(([d, t]) => `${d}T${t}Z`) },
);
const amount = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(1.5, -0.5));
const nullable = <T,>(arb: fc.Arbitrary<T>) => fc.option(arb, { freq: 4, nil: null });

const record = fc.record({ Name: nullable(text), Amount: nullable(amount), Active: nullable(fc.boolean()), Day: nullable(dayString), Stamp: nullable(stampString) });
const records = fc.array(record, { maxLength: 30 }).map((rs) => rs.map((r, i): OrgRecord => ({ Id: `r${i}`, ...r })));

const RELATIVE = ['TODAY', 'YESTERDAY', 'TOMORROW', 'THIS_MONTH', 'LAST_MONTH', 'THIS_QUARTER', 'LAST_QUARTER', 'THIS_YEAR', 'LAST_YEAR'];
const RELATIVE_N = ['LAST_N_DAYS', 'NEXT_N_DAYS', 'LAST_N_MONTHS'];
const relative: fc.Arbitrary<Lit> = fc.oneof(
  fc.constantFrom(...RELATIVE).map((name) => ({ t: 'rel' as const, name, n: null })),
  fc.record({ t: fc.constant('rel' as const), name: fc.constantFrom(...RELATIVE_N), n: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 120 })) }),
);

const literalFor = (f: Field): fc.Arbitrary<Lit> => {
  switch (f) {
    case 'Name':
      return text.map((v) => ({ t: 's' as const, v }));
    case 'Amount':
      return amount.map((v) => ({ t: 'n' as const, v }));
    case 'Active':
      return fc.boolean().map((v) => ({ t: 'b' as const, v }));
    case 'Day':
      return fc.oneof(dayString.map((v) => ({ t: 'd' as const, v })), relative);
    case 'Stamp':
      return fc.oneof(dayString.map((v) => ({ t: 'd' as const, v })), stampString.map((v) => ({ t: 'dt' as const, v })), relative);
  }
};

const field = fc.constantFrom<Field>('Name', 'Amount', 'Active', 'Day', 'Stamp');
const opFor = (f: Field) => (f === 'Active' ? fc.constantFrom<Op>('=', '!=') : fc.constantFrom<Op>('=', '!=', '<', '<=', '>', '>='));

const leaf: fc.Arbitrary<Cond> = fc.oneof(
  { weight: 4, arbitrary: field.chain((f) => fc.record({ k: fc.constant('cmp' as const), f: fc.constant(f), op: opFor(f), lit: literalFor(f) })) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('cmp' as const), f: field, op: fc.constantFrom<Op>('=', '!='), lit: fc.constant<Lit>({ t: 'null' }) }) },
  {
    weight: 2,
    arbitrary: field.chain((f) =>
      fc.record({ k: fc.constant('in' as const), f: fc.constant(f), lits: fc.array(fc.oneof({ weight: 5, arbitrary: literalFor(f) }, { weight: 1, arbitrary: fc.constant<Lit>({ t: 'null' }) }), { minLength: 1, maxLength: 4 }), neg: fc.boolean() }),
    ),
  },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...CHARS).map((c): LikeAtom => ({ t: 'char', c })) }, { weight: 1, arbitrary: fc.constant<LikeAtom>({ t: 'any' }) }, { weight: 1, arbitrary: fc.constant<LikeAtom>({ t: 'one' }) }), { maxLength: 5 })
      .map((atoms): Cond => ({ k: 'like', atoms })),
  },
);

const condition: fc.Arbitrary<Cond> = fc.letrec<{ c: Cond }>((tie) => ({
  c: fc.oneof(
    { maxDepth: 4, depthIdentifier: 'cond' },
    { weight: 3, arbitrary: leaf },
    { weight: 1, arbitrary: fc.record({ k: fc.constantFrom('and' as const, 'or' as const), xs: fc.array(tie('c'), { minLength: 2, maxLength: 3 }), paren: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('not' as const), x: tie('c') }) },
  ),
})).c;

// ---- rendering ----

function quote(s: string): string {
  let out = "'";
  for (const c of s) out += c === "'" ? "\\'" : c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c;
  return `${out}'`;
}

function renderLit(lit: Lit): string {
  switch (lit.t) {
    case 'null':
      return 'null';
    case 's':
      return quote(lit.v);
    case 'n':
      return String(lit.v);
    case 'b':
      return lit.v ? 'TRUE' : 'false';
    case 'd':
    case 'dt':
      return lit.v;
    case 'rel':
      return lit.n === null ? lit.name : `${lit.name}:${lit.n}`;
  }
}

function renderLike(atoms: LikeAtom[]): string {
  let out = "'";
  for (const a of atoms) {
    if (a.t === 'any') out += '%';
    else if (a.t === 'one') out += '_';
    else if (a.c === '%' || a.c === '_') out += `\\${a.c}`;
    else if (a.c === "'") out += "\\'";
    else if (a.c === '\\') out += '\\\\';
    else if (a.c === '\n') out += '\\n';
    else out += a.c;
  }
  return `${out}'`;
}

function render(c: Cond): string {
  switch (c.k) {
    case 'cmp':
      return `${c.f} ${c.op} ${renderLit(c.lit)}`;
    case 'in':
      return `${c.f.toLowerCase()} ${c.neg ? 'not in' : 'IN'} (${c.lits.map(renderLit).join(', ')})`;
    case 'like':
      return `Name LIKE ${renderLike(c.atoms)}`;
    case 'and': {
      const body = c.xs.map((x) => (x.k === 'or' ? `(${render(x)})` : render(x))).join(' AND ');
      return c.paren ? `(${body})` : body;
    }
    case 'or': {
      const body = c.xs.map((x) => (x.k === 'and' ? `(${render(x)})` : render(x))).join(' or ');
      return c.paren ? `(${body})` : body;
    }
    case 'not':
      return `NOT ${c.x.k === 'and' || c.x.k === 'or' ? `(${render(c.x)})` : render(c.x)}`;
  }
}

// ---- reference evaluation ----

function relativeRange(name: string, n: number | null, today: string): [string, string] {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const t = Date.UTC(y, m - 1, d);
  const month = (offset: number) => isoDay(Date.UTC(y, m - 1 + offset, 1));
  const quarterStart = Math.floor((m - 1) / 3) * 3;
  const quarter = (offset: number) => isoDay(Date.UTC(y, quarterStart + 3 * offset, 1));
  const days = (from: number, to: number): [string, string] => [isoDay(t + from * DAY), isoDay(t + to * DAY)];
  switch (name) {
    case 'TODAY':
      return days(0, 1);
    case 'YESTERDAY':
      return days(-1, 0);
    case 'TOMORROW':
      return days(1, 2);
    case 'THIS_MONTH':
      return [month(0), month(1)];
    case 'LAST_MONTH':
      return [month(-1), month(0)];
    case 'THIS_QUARTER':
      return [quarter(0), quarter(1)];
    case 'LAST_QUARTER':
      return [quarter(-1), quarter(0)];
    case 'THIS_YEAR':
      return [`${y}-01-01`, `${y + 1}-01-01`];
    case 'LAST_YEAR':
      return [`${y - 1}-01-01`, `${y}-01-01`];
    case 'LAST_N_DAYS':
      return days(-(n as number), 1);
    case 'NEXT_N_DAYS':
      return days(1, (n as number) + 1);
    case 'LAST_N_MONTHS':
      return [month(-(n as number)), month(0)];
  }
  throw new Error(`no reference for ${name}`);
}

function equalTo(v: FieldValue, lit: Lit, today: string): boolean {
  if (lit.t === 'null') return v === null;
  if (v === null) return false;
  return compareTo(v, lit, today, '=');
}

/** v is not null; lit is not null. */
function compareTo(v: FieldValue, lit: Lit, today: string, op: Op): boolean {
  const order = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  const test = (c: number) => ({ '=': c === 0, '!=': c !== 0, '<': c < 0, '<=': c <= 0, '>': c > 0, '>=': c >= 0 })[op];
  switch (lit.t) {
    case 's':
      return test(order(String(v).toLowerCase(), lit.v.toLowerCase()));
    case 'n':
      return test(order(v as number, lit.v));
    case 'b':
      return test(order(v ? 1 : 0, lit.v ? 1 : 0));
    case 'dt':
      return test(order(v as string, lit.v));
    case 'd':
      return test(order((v as string).slice(0, 10), lit.v));
    case 'rel': {
      const [start, end] = relativeRange(lit.name, lit.n, today);
      const day = (v as string).slice(0, 10);
      const inside = day >= start && day < end;
      return { '=': inside, '!=': !inside, '<': day < start, '<=': day < end, '>': day >= end, '>=': day >= start }[op];
    }
    case 'null':
      return false;
  }
}

function likeRegExp(atoms: LikeAtom[]): RegExp {
  const body = atoms.map((a) => (a.t === 'any' ? '.*' : a.t === 'one' ? '.' : a.c.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 's');
}

function evaluate(c: Cond, r: OrgRecord, today: string): boolean {
  switch (c.k) {
    case 'cmp': {
      const v = r[c.f] ?? null;
      if (c.lit.t === 'null') return c.op === '=' ? v === null : v !== null;
      if (v === null) return c.op === '!=';
      return compareTo(v, c.lit, today, c.op);
    }
    case 'in': {
      const v = r[c.f] ?? null;
      const hit = c.lits.some((lit) => equalTo(v, lit, today));
      return c.neg ? !hit : hit;
    }
    case 'like': {
      const v = r['Name'];
      return typeof v === 'string' && likeRegExp(c.atoms).test(v.toLowerCase());
    }
    case 'and':
      return c.xs.every((x) => evaluate(x, r, today));
    case 'or':
      return c.xs.some((x) => evaluate(x, r, today));
    case 'not':
      return !evaluate(c.x, r, today);
  }
}

/**
 * The same instants written as Salesforce's REST API writes them ('.000+0000'), which the engine
 * compares by parsing rather than as canonical strings. The reference keeps reading the canonical form.
 */
const restStyle = (rows: OrgRecord[]): OrgRecord[] =>
  rows.map((r) => (typeof r['Stamp'] === 'string' ? { ...r, Stamp: r['Stamp'].replace('Z', '.000+0000') } : r));

const todays = fc.constantFrom('2024-06-15', '2024-01-01', '2023-12-31', '2024-02-29', '2024-03-31', '2024-07-01');

describe('differential: the engine agrees with a direct JS filter', () => {
  it('SELECT Id FROM T WHERE <random condition>', () => {
    fc.assert(
      fc.property(records, condition, todays, fc.boolean(), (rows, cond, today, rest) => {
        const query = `SELECT Id FROM T WHERE ${render(cond)}`;
        const outcome = runSoql({ today, tables: { T: rest ? restStyle(rows) : rows } }, query);
        if (!outcome.ok) throw new Error(`${query}\n${outcome.error}`);
        expect(outcome.records.map((r) => r['Id']), query).toEqual(rows.filter((r) => evaluate(cond, r, today)).map((r) => r['Id']));
      }),
      { numRuns: 2000 },
    );
  });

  it('SELECT COUNT() agrees with the filtered row count', () => {
    fc.assert(
      fc.property(records, condition, (rows, cond) => {
        const outcome = runSoql({ today: '2024-06-15', tables: { T: rows } }, `SELECT COUNT() FROM T WHERE ${render(cond)}`);
        expect(outcome.ok && outcome.totalSize).toBe(rows.filter((r) => evaluate(cond, r, '2024-06-15')).length);
      }),
      { numRuns: 200 },
    );
  });

  it('ORDER BY several keys with NULLS FIRST/LAST, then LIMIT/OFFSET, agrees with a stable JS sort', () => {
    const orderItem = fc.record({ f: field, desc: fc.boolean(), nulls: fc.constantFrom<'FIRST' | 'LAST' | null>('FIRST', 'LAST', null) });
    fc.assert(
      fc.property(records, fc.array(orderItem, { minLength: 1, maxLength: 3 }), fc.option(fc.nat(12), { nil: null }), fc.option(fc.nat(12), { nil: null }), fc.boolean(), (rows, items, limit, offset, rest) => {
        const clause = items.map((o) => `${o.f}${o.desc ? ' DESC' : ''}${o.nulls ? ` NULLS ${o.nulls}` : ''}`).join(', ');
        const query = `SELECT Id FROM T ORDER BY ${clause}${limit === null ? '' : ` LIMIT ${limit}`}${offset === null ? '' : ` OFFSET ${offset}`}`;
        const outcome = runSoql({ today: '2024-06-15', tables: { T: rest ? restStyle(rows) : rows } }, query);
        const sorted = [...rows].sort((a, b) => {
          for (const o of items) {
            const va = a[o.f] ?? null;
            const vb = b[o.f] ?? null;
            const nullsFirst = o.nulls === null ? !o.desc : o.nulls === 'FIRST';
            if (va === null || vb === null) {
              if (va === vb) continue;
              return (va === null) === nullsFirst ? -1 : 1;
            }
            const ka = typeof va === 'string' ? va.toLowerCase() : Number(va);
            const kb = typeof vb === 'string' ? vb.toLowerCase() : Number(vb);
            const c = ka < kb ? -1 : ka > kb ? 1 : 0;
            if (c !== 0) return o.desc ? -c : c;
          }
          return 0;
        });
        const start = offset ?? 0;
        const expected = sorted.slice(start, limit === null ? undefined : start + limit).map((r) => r['Id']);
        expect(outcome.ok && outcome.records.map((r) => r['Id']), query).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('GROUP BY with COUNT, SUM, AVG, MIN and MAX agrees with grouping in JS', () => {
    fc.assert(
      fc.property(records, condition, (rows, cond) => {
        const query = `SELECT Active, COUNT(Id), COUNT(Amount), SUM(Amount), AVG(Amount), MIN(Day), MAX(Stamp) FROM T WHERE ${render(cond)} GROUP BY Active`;
        const outcome = runSoql({ today: '2024-06-15', tables: { T: rows } }, query);
        const groups = new Map<FieldValue, OrgRecord[]>();
        for (const r of rows.filter((x) => evaluate(cond, x, '2024-06-15'))) {
          const key = r['Active'] ?? null;
          groups.set(key, [...(groups.get(key) ?? []), r]);
        }
        const expected = [...groups.entries()].map(([key, members]) => {
          const amounts = members.map((m) => m['Amount']).filter((v): v is number => typeof v === 'number');
          const days = members.map((m) => m['Day']).filter((v): v is string => typeof v === 'string').sort();
          const stamps = members.map((m) => m['Stamp']).filter((v): v is string => typeof v === 'string').sort();
          const sum = amounts.reduce((s, v) => s + v, 0);
          return {
            Active: key,
            expr0: members.length,
            expr1: amounts.length,
            expr2: amounts.length === 0 ? null : sum,
            expr3: amounts.length === 0 ? null : sum / amounts.length,
            expr4: days[0] ?? null,
            expr5: stamps[stamps.length - 1] ?? null,
          };
        });
        expect(outcome.ok && outcome.records, query).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});
