import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isToolError, rngStream, type JsonValue } from '../../src/index.js';
import { crmarenaEnvironment, type Org } from '../../envs/crmarena/index.js';
import { parseInstant } from '../../envs/crmarena/org/dates.js';
import { to18 } from '../../envs/crmarena/org/ids.js';
import { positionsIn } from '../../envs/crmarena/tools/time-window.js';
import { jsonText } from '../../src/core/shared-json.js';
import { observeCrm } from '../../envs/crmarena/observe.js';
import { parseActionJson } from '../../src/actions/safe-json.js';
import { declaredInput } from '../../src/tools/compiled-input.js';

/**
 * The CRMArena handlers that count or pick rows through typed arrays and per-org numberings,
 * held to their plain definitions (objects and Maps keyed by id, as first written) on several
 * orgs, with key order compared (JSON text, not toEqual).
 */
const orgs: readonly Org[] = [crmarenaEnvironment.world(), crmarenaEnvironment.world(7, { agents: 9, accounts: 60, cases: 300, years: 1 }), crmarenaEnvironment.world(3, { agents: 40, cases: 1_200 })];

function call(org: Org, name: string, args: Record<string, unknown>): JsonValue | { error: string } {
  const tool = crmarenaEnvironment.registry.get(name)!.tool;
  const parsed = tool.input.safeParse(args);
  if (!parsed.success) throw new Error(`bad test arguments for ${name}: ${parsed.error.message}`);
  const out = tool.handler(parsed.data, { world: org, state: {}, rng: rngStream(0, 'test') });
  return isToolError(out) ? { error: out.message } : out;
}

const iso = (n: number) => `${new Date(n).toISOString().slice(0, 19)}Z`;

/** Windows that start and end on logged instants, just off them, or anywhere in the org's years (empty ones too). */
function windowArb(org: Org) {
  const at = org.index.assignments.at;
  const instant = fc.oneof(
    fc.integer({ min: 0, max: at.length - 1 }).map((i) => at[i]!),
    fc.tuple(fc.integer({ min: 0, max: at.length - 1 }), fc.integer({ min: -2_000, max: 2_000 })).map(([i, s]) => at[i]! + s * 1000),
    fc.integer({ min: Math.floor(at[0]! / 1000) - 86_400, max: Math.ceil(at[at.length - 1]! / 1000) + 86_400 }).map((s) => s * 1000),
  );
  return fc.tuple(instant, instant).map(([a, b]) => ({ start_date: iso(Math.min(a, b)), end_date: iso(Math.max(a, b)) }));
}

function plainWindow(org: Org, w: { start_date: string; end_date: string }): [number, number] {
  return positionsIn(org.index.assignments.at, { start: parseInstant(w.start_date)!, end: parseInstant(w.end_date)! });
}

function plainHandled(org: Org, w: { start_date: string; end_date: string }): Record<string, number> {
  const log = org.index.assignments;
  const [from, to] = plainWindow(org, w);
  const counts: Record<string, number> = {};
  for (let i = from; i < to; i++) counts[log.to[i]!] = (counts[log.to[i]!] ?? 0) + 1;
  return counts;
}

function plainNonTransferred(org: Org, w: { start_date: string; end_date: string }): string[] {
  const log = org.index.assignments;
  const [from, to] = plainWindow(org, w);
  const counts = new Map<number, number>();
  for (let i = from; i < to; i++) counts.set(log.caseRow[i]!, (counts.get(log.caseRow[i]!) ?? 0) + 1);
  return [...counts].filter(([, n]) => n === 1).map(([row]) => row).sort((a, b) => a - b).map((row) => org.tables.Case[row]!.Id);
}

function plainTransferred(org: Org, w: { start_date: string; end_date: string }, qualified: readonly string[] | null | undefined): Record<string, number> {
  const log = org.index.assignments;
  const only = qualified && qualified.length > 0 ? new Set(qualified.map(to18)) : null;
  const [from, to] = plainWindow(org, w);
  const counts: Record<string, number> = {};
  for (let i = from; i < to; i++) {
    const agent = log.from[i];
    if (agent === null || agent === undefined || (only !== null && !only.has(agent))) continue;
    counts[agent] = (counts[agent] ?? 0) + 1;
  }
  return counts;
}

const text = (v: unknown) => JSON.stringify(v);

describe('CRMArena case-history handlers against their plain definitions', () => {
  it('count assignments to and transfers away from each agent, and single-assignment cases, with the same keys in the same order', () => {
    for (const org of orgs) {
      const agents = org.tables.User.map((u) => u.Id);
      const qualified = fc.option(
        fc.array(fc.oneof(fc.constantFrom(...agents), fc.constantFrom(...agents).map((id) => id.slice(0, 15)), fc.constantFrom('005XXXXXXXXXXXXAAA', '', 'not an id', org.tables.Case[0]!.Id)), { maxLength: 12 }),
        { nil: null },
      );
      fc.assert(
        fc.property(windowArb(org), qualified, (w, only) => {
          expect(text(call(org, 'get_agent_handled_cases_by_period', w))).toBe(text(plainHandled(org, w)));
          expect(text(call(org, 'get_non_transferred_case_ids', w))).toBe(text(plainNonTransferred(org, w)));
          expect(text(call(org, 'get_agent_transferred_cases_by_period', { ...w, qualified_agent_ids: only }))).toBe(text(plainTransferred(org, w, only)));
        }),
        { numRuns: 60, seed: 41 },
      );
    }
  });
});

describe('get_shipping_state against its plain definition', () => {
  it('adds each account state; its output text (told to jsonText for shared records) is JSON.stringify of the plain result', () => {
    const tool = crmarenaEnvironment.registry.get('get_shipping_state')!.tool;
    for (const org of orgs) {
      const views = org.index.caseViews;
      const odd = (c: object, i: number): object => {
        switch (i % 5) {
          case 0:
            return Object.freeze({ ...c, Extra: -0 });
          case 1:
            return Object.freeze(Object.assign(Object.create(null) as object, c));
          case 2:
            return { ...c };
          case 3:
            return Object.freeze({ AccountId: '001Ws00000NOSUCHAAA', Id: (c as { Id: string }).Id, Note: 'x' });
          default:
            return Object.freeze({ ...c, Nested: Object.freeze({ a: 1 }) });
        }
      };
      const record = fc.oneof(
        { weight: 8, arbitrary: fc.integer({ min: 0, max: views.length - 1 }).map((row) => views[row]! as object) },
        { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 0, max: views.length - 1 }), fc.nat()).map(([row, i]) => odd(views[row]!, i)) },
      );
      fc.assert(
        fc.property(fc.array(record, { maxLength: 40 }), (cases) => {
          const plain = cases.map((c) => ({ ...c, ShippingState: org.index.accounts.get((c as { AccountId: string }).AccountId)?.ShippingState ?? null }));
          for (let round = 0; round < 2; round++) {
            const out = tool.handler({ cases }, { world: org, state: {}, rng: rngStream(0, 'test') });
            expect(out).toEqual(plain);
            expect(jsonText(out as JsonValue)).toBe(JSON.stringify(plain));
          }
        }),
        { numRuns: 150, seed: 17 },
      );
    }
  });
});

describe('get_order_item_ids_by_product against its plain definition', () => {
  it("gives the product's order items as a copy of the index would, and its observation is that copy's JSON, call after call", () => {
    for (const org of orgs) {
      const products = org.tables.Product2.map((p) => p.Id);
      const productId = fc.oneof(fc.constantFrom(...products), fc.constantFrom(...products).map((id) => ` ${id.slice(0, 15)} `), fc.constantFrom('01tWs00000NOSUCHAAA', 'x'));
      fc.assert(
        fc.property(productId, (id) => {
          const plain = [...(org.index.orderItemsByProduct.get(to18(id.trim())) ?? [])];
          for (let round = 0; round < 2; round++) {
            const out = call(org, 'get_order_item_ids_by_product', { product_id: id });
            expect(out).toEqual(plain);
            expect(observeCrm({ ok: true, tool: 'get_order_item_ids_by_product', output: out as JsonValue })).toBe(JSON.stringify(plain));
          }
        }),
        { numRuns: 60, seed: 23 },
      );
    }
  });
});

describe('a recalled id list given back to get_cases', () => {
  it('validates, and finds the same cases, exactly as the same text parsed afresh (the shared list itself reaches the tool)', () => {
    const entry = crmarenaEnvironment.registry.get('get_cases')!;
    const declared = declaredInput(entry.tool.input);
    for (const org of orgs) {
      const products = org.tables.Product2.map((p) => p.Id);
      const agents = org.tables.User.map((u) => u.Id);
      const iso = (n: number) => `${new Date(n).toISOString().slice(0, 19)}Z`;
      const created = org.index.caseCreated;
      const other = fc.record(
        {
          start_date: fc.oneof(fc.integer({ min: 0, max: created.length - 1 }).map((r) => iso(created[r]!)), fc.constant('bad date'), fc.constant(null)),
          end_date: fc.integer({ min: 0, max: created.length - 1 }).map((r) => iso(created[r]! + 1000)),
          agent_ids: fc.oneof(fc.subarray(agents, { maxLength: 8 }), fc.constant(7 as unknown as string[])),
          statuses: fc.subarray(['New', 'Working', 'Escalated', 'Closed']),
        },
        { requiredKeys: [] },
      );
      fc.assert(
        fc.property(fc.constantFrom(...products), other, fc.boolean(), (product, rest, itemsFirst) => {
          const items = call(org, 'get_order_item_ids_by_product', { product_id: product }) as JsonValue;
          const itemsText = observeCrm({ ok: true, tool: 'get_order_item_ids_by_product', output: items });
          const restText = JSON.stringify(rest).slice(1, -1);
          const body = itemsFirst ? [`"order_item_ids":${itemsText}`, restText] : [restText, `"order_item_ids":${itemsText}`];
          const text = `{${body.filter((p) => p !== '').join(',')}}`;
          const recalled = parseActionJson(text);
          expect(recalled.ok).toBe(true);
          const args = (recalled as { value: Record<string, unknown> }).value;
          const fresh = JSON.parse(text) as Record<string, unknown>;
          const got = entry.tool.input.safeParse(args);
          const want = declared.safeParse(fresh);
          expect(got.success).toBe(want.success);
          if (!got.success || !want.success) {
            expect(got.error?.issues).toEqual(want.error?.issues);
            return;
          }
          expect(JSON.stringify(got.data)).toBe(JSON.stringify(want.data));
          if (itemsText.length >= 1024) expect((got.data as { order_item_ids: unknown }).order_item_ids).toBe(items);
          const ctx = { world: org, state: {}, rng: rngStream(0, 'test') };
          const a = entry.tool.handler(got.data, ctx);
          const b = entry.tool.handler(entry.tool.input.safeParse(fresh).data, ctx);
          expect(isToolError(a) ? a.message : jsonText(a as JsonValue)).toBe(isToolError(b) ? b.message : JSON.stringify(b));
        }),
        { numRuns: 80, seed: 29 },
      );
    }
  });
});

describe('get_qualified_agent_ids_by_case_count against its plain definition', () => {
  it("keeps the ids whose count exceeds n_cases, in Object.entries' order (integer-like keys, __proto__ and repeats included)", () => {
    const org = orgs[0]!;
    const key = fc.oneof(fc.constantFrom(...org.tables.User.map((u) => u.Id)), fc.constantFrom('__proto__', 'constructor', '7', '01', ''), fc.string({ maxLength: 4 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.integer({ min: -3, max: 40 })), { maxLength: 30 }), fc.integer({ min: -2, max: 30 }), (pairs, n) => {
        const text = `{"agent_handled_cases":{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}},"n_cases":${n}}`;
        const args = JSON.parse(text) as Record<string, unknown>;
        const declared = declaredInput(crmarenaEnvironment.registry.get('get_qualified_agent_ids_by_case_count')!.tool.input).safeParse(args);
        if (!declared.success) return;
        const plain = Object.entries((declared.data as { agent_handled_cases: Record<string, number> }).agent_handled_cases).filter(([, v]) => v > n).map(([id]) => id);
        expect(JSON.stringify(call(org, 'get_qualified_agent_ids_by_case_count', args))).toBe(JSON.stringify(plain));
      }),
      { numRuns: 200, seed: 37 },
    );
  });
});
