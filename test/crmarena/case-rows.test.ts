import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isToolError, rngStream, type JsonValue } from '../../src/index.js';
import { crmarenaEnvironment, type Org } from '../../envs/crmarena/index.js';
import { MONTH_NAMES, parseInstant } from '../../envs/crmarena/org/dates.js';
import { observeCrm } from '../../envs/crmarena/observe.js';
import { caseRowsOf } from '../../envs/crmarena/tools/case-rows.js';
import { parseActionJson } from '../../src/actions/safe-json.js';
import { declaredInput } from '../../src/tools/compiled-input.js';

/**
 * The list tools read a case list passed back verbatim (recalled: see core/recalled-json) by case
 * row, through typed per-org columns, when the list comes from the org's case views or from
 * get_shipping_state's records of them (core/list-origin). Held here to plain definitions over
 * a fresh parse of the same text, on several orgs, key order included (JSON text compared), and
 * checked to take the row path where it should.
 */
const orgs: readonly Org[] = [crmarenaEnvironment.world(), crmarenaEnvironment.world(7, { agents: 9, accounts: 60, cases: 300, years: 1 }), crmarenaEnvironment.world(3, { agents: 40, cases: 1_200 })];

type Case = { Id: string; OwnerId: string; CreatedDate: string; ClosedDate: string | null; AccountId: string; ShippingState?: string | null };

const ctx = (org: Org) => ({ world: org, state: {}, rng: rngStream(0, 'test') });
const tool = (name: string) => crmarenaEnvironment.registry.get(name)!.tool;

/** Runs a tool on arguments read from `text` as an action's arguments are (recall included); the output and the validated arguments. */
function run(org: Org, name: string, text: string): { out: JsonValue | { error: string }; args: Record<string, unknown> | null } {
  const parsed = parseActionJson(text);
  if (!parsed.ok) throw new Error(parsed.message);
  const checked = tool(name).input.safeParse(parsed.value);
  if (!checked.success) return { out: { error: checked.error.issues.map((i) => i.message).join('; ') }, args: null };
  const out = tool(name).handler(checked.data, ctx(org));
  return { out: isToolError(out) ? { error: out.message } : out, args: checked.data as Record<string, unknown> };
}

/** What `text`'s parse gives through the declared schema (zod's key order), or null when it is refused. */
function declaredParse(name: string, text: string): Record<string, unknown> | null {
  const checked = declaredInput(tool(name).input).safeParse(JSON.parse(text));
  return checked.success ? (checked.data as Record<string, unknown>) : null;
}

function meansBy(cases: readonly Case[], key: (c: Case) => string | null | undefined, unit: number): Record<string, number> {
  const sums = new Map<string, { total: number; n: number }>();
  for (const c of cases) {
    const k = key(c);
    if (!k || c.ClosedDate === null) continue;
    const ms = parseInstant(c.ClosedDate)! - parseInstant(c.CreatedDate)!;
    const s = sums.get(k) ?? { total: 0, n: 0 };
    s.total += ms / unit;
    s.n++;
    sums.set(k, s);
  }
  return Object.fromEntries([...sums].map(([k, s]) => [k, s.total / s.n]));
}

function ownersWith(cases: readonly Case[], better: (a: number, b: number) => boolean): string[] {
  const counts = new Map<string, number>();
  for (const c of cases) counts.set(c.OwnerId, (counts.get(c.OwnerId) ?? 0) + 1);
  let best: number | null = null;
  for (const n of counts.values()) if (best === null || better(n, best)) best = n;
  return [...counts].filter(([, n]) => n === best).map(([id]) => id);
}

/** The plain definitions, over the declared schema's parse of the list's text. */
const PLAIN: Record<string, { key: string; plain: (org: Org, cases: Case[]) => JsonValue }> = {
  calculate_average_handle_time: { key: 'cases', plain: (_, cases) => meansBy(cases, (c) => c.OwnerId, 60_000) },
  calculate_region_average_closure_times: { key: 'cases', plain: (_, cases) => (cases.length === 0 ? { error: 'Error: cases is empty' } : meansBy(cases, (c) => c.ShippingState, 1000)) },
  get_month_to_case_count: {
    key: 'cases',
    plain: (_, cases) => {
      const counts = new Array<number>(12).fill(0);
      for (const c of cases) counts[new Date(parseInstant(c.CreatedDate)!).getUTCMonth()]!++;
      return Object.fromEntries(MONTH_NAMES.flatMap((name, m) => (counts[m]! > 0 ? [[name, counts[m]!]] : [])));
    },
  },
  get_agents_with_max_cases: { key: 'subset_cases', plain: (_, cases) => ownersWith(cases, (a, b) => a > b) },
  get_agents_with_min_cases: { key: 'subset_cases', plain: (_, cases) => ownersWith(cases, (a, b) => a < b) },
  get_shipping_state: { key: 'cases', plain: (org, cases) => cases.map((c) => ({ ...c, ShippingState: org.index.accounts.get(c.AccountId)?.ShippingState ?? null })) },
};

/** Passes `listText` to every list tool in `org`: each output must be the plain definition's, and the row path taken when `rowsExpected`. */
function checkListTools(org: Org, listText: string, rowsExpected: boolean): void {
  for (const [name, { key, plain }] of Object.entries(PLAIN)) {
    const text = `{"${key}":${listText}}`;
    const { out, args } = run(org, name, text);
    const declared = declaredParse(name, text);
    if (declared === null) {
      expect(args, name).toBeNull();
      continue;
    }
    expect(JSON.stringify(out), name).toBe(JSON.stringify(plain(org, declared[key] as Case[])));
    if (args !== null) expect(caseRowsOf(org, args[key]) !== null, name).toBe(rowsExpected);
  }
}

const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

/** get_cases filters: a date window (any run of rows), owners (scattered rows), statuses besides. */
function filtersArb(org: Org) {
  const created = org.index.caseCreated;
  const span = fc.tuple(fc.integer({ min: 0, max: created.length - 1 }), fc.integer({ min: 0, max: 400 })).map(([r, n]) => ({ start_date: iso(created[r]!), end_date: iso(created[Math.min(created.length - 1, r + n)]! + 1000) }));
  const agents = org.tables.User.map((u) => u.Id);
  return fc.oneof(
    span,
    fc.tuple(span, fc.subarray(agents, { minLength: 1, maxLength: 4 })).map(([w, ids]) => ({ ...w, agent_ids: ids })),
    fc.tuple(span, fc.subarray(['New', 'Working', 'Escalated', 'Closed'], { minLength: 1 })).map(([w, statuses]) => ({ ...w, statuses })),
  );
}

describe('list tools given a case list back verbatim', () => {
  it('read it by row and give what the plain definitions give, for get_cases lists, shipping-state lists and another org\'s lists', () => {
    let rowPaths = 0;
    for (const [o, org] of orgs.entries()) {
      const other = orgs[(o + 1) % orgs.length]!;
      fc.assert(
        fc.property(filtersArb(org), (filters) => {
          const cases = run(org, 'get_cases', JSON.stringify(filters)).out;
          if (!Array.isArray(cases)) return;
          const casesText = observeCrm({ ok: true, tool: 'get_cases', output: cases });
          expect(casesText).toBe(JSON.stringify(cases));
          const recalled = casesText.length >= 1024;
          if (recalled) rowPaths++;
          checkListTools(org, casesText, recalled);
          checkListTools(other, casesText, false);
          const withState = run(org, 'get_shipping_state', `{"cases":${casesText}}`).out;
          const stateText = observeCrm({ ok: true, tool: 'get_shipping_state', output: withState });
          expect(stateText).toBe(JSON.stringify(withState));
          // jsonText remembers lists of 8 records or more (shorter ones are stringified whole).
          checkListTools(org, stateText, stateText.length >= 1024 && (withState as unknown[]).length >= 8);
          checkListTools(other, stateText, false);
        }),
        { numRuns: 25, seed: 61 + o },
      );
    }
    expect(rowPaths).toBeGreaterThan(20);
  });
});

describe('get_non_transferred_case_ids given back to get_cases', () => {
  it('hands get_cases the very list, whose rows find what a fresh parse of the same text finds', () => {
    const getCases = tool('get_cases');
    let shared = 0;
    for (const [o, org] of orgs.entries()) {
      const other = orgs[(o + 1) % orgs.length]!;
      const at = org.index.assignments.at;
      const instant = fc.integer({ min: 0, max: at.length - 1 }).map((i) => at[i]!);
      const rest = fc.record(
        {
          start_date: fc.oneof(instant.map(iso), fc.constant('bad date')),
          end_date: instant.map((ms) => iso(ms + 1000)),
          agent_ids: fc.subarray(org.tables.User.map((u) => u.Id), { maxLength: 5 }),
          statuses: fc.subarray(['New', 'Working', 'Escalated', 'Closed']),
          order_item_ids: fc.constant([] as string[]),
        },
        { requiredKeys: [] },
      );
      fc.assert(
        fc.property(instant, instant, rest, fc.boolean(), (a, b, filters, first) => {
          const window = JSON.stringify({ start_date: iso(Math.min(a, b)), end_date: iso(Math.max(a, b) + 1000) });
          const ids = run(org, 'get_non_transferred_case_ids', window).out;
          const idsText = observeCrm({ ok: true, tool: 'get_non_transferred_case_ids', output: ids });
          expect(idsText).toBe(JSON.stringify(ids));
          const restText = JSON.stringify(filters).slice(1, -1);
          const parts = first ? [`"case_ids":${idsText}`, restText] : [restText, `"case_ids":${idsText}`];
          const text = `{${parts.filter((p) => p !== '').join(',')}}`;
          for (const where of [org, other]) {
            const got = run(where, 'get_cases', text);
            const fresh = getCases.input.safeParse(JSON.parse(text));
            const want = fresh.success ? getCases.handler(fresh.data, ctx(where)) : null;
            expect(JSON.stringify(got.out)).toBe(JSON.stringify(want === null ? got.out : isToolError(want) ? { error: want.message } : want));
            if (where === org && idsText.length >= 1024 && got.args !== null) {
              expect(got.args['case_ids']).toBe(ids);
              shared++;
            }
          }
        }),
        { numRuns: 40, seed: 71 + o },
      );
    }
    expect(shared).toBeGreaterThan(10);
  });
});
