import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isToolError, rngStream, type JsonValue } from '../../src/index.js';
import { validArguments } from '../../src/testing/index.js';
import { ALL_TOOLS, CRMARENA_TOOLS, crmarenaEnvironment, type Org } from '../../envs/crmarena/index.js';

const org: Org = crmarenaEnvironment.world();
const t = org.tables;
const ctx = { world: org, state: {}, rng: rngStream(0, 'test') };

/** Calls a tool as an episode would after the arguments check; tool errors come back as their message. */
function call(name: string, args: Record<string, unknown>): JsonValue | { error: string } {
  const tool = crmarenaEnvironment.registry.get(name)!.tool;
  const parsed = tool.input.safeParse(args);
  if (!parsed.success) throw new Error(`bad test arguments for ${name}: ${parsed.error.message}`);
  const out = tool.handler(parsed.data, ctx);
  return isToolError(out) ? { error: out.message } : out;
}

const ms = (s: string) => Date.parse(s);
const iso = (n: number) => `${new Date(n).toISOString().slice(0, 19)}Z`;
const assignments = t.CaseHistory__c.filter((h) => h.Field__c === 'Owner Assignment');
const windowArb = fc.tuple(fc.integer({ min: 0, max: t.Case.length - 1 }), fc.integer({ min: 1, max: 120 })).map(([row, days]) => {
  const start = ms(t.Case[row]!.CreatedDate);
  return { start_date: iso(start), end_date: iso(start + days * 86_400_000) };
});
const windows = fc.sample(windowArb, { numRuns: 25, seed: 11 });

function counts(keys: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = (out[k] ?? 0) + 1;
  return out;
}
const inside = (w: { start_date: string; end_date: string }) => (d: string) => ms(d) >= ms(w.start_date) && ms(d) < ms(w.end_date);

describe('the CRMArena tools', () => {
  it('are the 25 tools of CRMArena plus issue_soql_query and issue_sosl_query', () => {
    expect(CRMARENA_TOOLS.map((x) => x.name).sort()).toEqual(
      [
        'get_agents_with_max_cases', 'get_agents_with_min_cases', 'calculate_average_handle_time', 'get_start_date', 'get_period',
        'get_agent_handled_cases_by_period', 'get_qualified_agent_ids_by_case_count', 'get_cases', 'get_non_transferred_case_ids',
        'get_agent_transferred_cases_by_period', 'get_shipping_state', 'calculate_region_average_closure_times', 'get_order_item_ids_by_product',
        'get_issue_counts', 'find_id_with_max_value', 'find_id_with_min_value', 'get_account_id_by_contact_id', 'get_purchase_history',
        'get_month_to_case_count', 'search_knowledge_articles', 'search_products', 'get_issues', 'get_email_messages_by_case_id',
        'get_livechat_transcript_by_case_id', 'respond',
      ].sort(),
    );
    expect(ALL_TOOLS.map((x) => x.name).slice(-2)).toEqual(['issue_soql_query', 'issue_sosl_query']);
    const params = (name: string) => Object.keys((crmarenaEnvironment.registry.get(name)!.jsonSchema['properties'] as object) ?? {});
    expect(params('get_cases')).toEqual(['start_date', 'end_date', 'agent_ids', 'case_ids', 'order_item_ids', 'issue_ids', 'statuses']);
    expect(params('get_start_date')).toEqual(['end_date', 'period', 'interval_count']);
    expect(params('get_purchase_history')).toEqual(['account_id', 'purchase_date', 'related_product_ids']);
    expect(params('get_agent_transferred_cases_by_period')).toEqual(['start_date', 'end_date', 'qualified_agent_ids']);
    expect(params('respond')).toEqual(['content']);
  });

  it('return every tied agent for most and fewest cases', () => {
    const cases = [{ OwnerId: 'a' }, { OwnerId: 'b' }, { OwnerId: 'a' }, { OwnerId: 'b' }, { OwnerId: 'c' }];
    expect(call('get_agents_with_max_cases', { subset_cases: cases })).toEqual(['a', 'b']);
    expect(call('get_agents_with_min_cases', { subset_cases: cases })).toEqual(['c']);
    expect(call('get_agents_with_max_cases', { subset_cases: [] })).toEqual([]);
    expect(call('find_id_with_max_value', { values_by_id: { x: 3, y: 3, z: 1 } })).toEqual(['x', 'y']);
    expect(call('find_id_with_min_value', { values_by_id: { x: 3, y: 1, z: 1 } })).toEqual(['y', 'z']);
    expect(call('find_id_with_min_value', { values_by_id: {} })).toEqual([]);
  });

  it('compute handle times in minutes per owner, leaving open cases out, and fail with a message on bad dates', () => {
    const cases = [
      { OwnerId: 'a', CreatedDate: '2024-01-01T00:00:00Z', ClosedDate: '2024-01-01T01:00:00Z' },
      { OwnerId: 'a', CreatedDate: '2024-01-02T00:00:00Z', ClosedDate: '2024-01-02T03:00:00Z' },
      { OwnerId: 'b', CreatedDate: '2024-01-02T00:00:00Z', ClosedDate: null },
    ];
    expect(call('calculate_average_handle_time', { cases })).toEqual({ a: 120 });
    expect(call('calculate_average_handle_time', { cases: [{ ...cases[0]!, ClosedDate: 'soon' }] })).toEqual({ error: expect.stringMatching(/^Error: .*ClosedDate/) });
    expect(call('calculate_average_handle_time', { cases: [{ ...cases[0]!, ClosedDate: '2023-12-31T00:00:00Z' }] })).toEqual({ error: expect.stringMatching(/^Error: /) });
    const withStates = [
      { ShippingState: 'CA', CreatedDate: '2024-01-01T00:00:00Z', ClosedDate: '2024-01-01T00:01:40Z' },
      { ShippingState: 'CA', CreatedDate: '2024-01-01T00:00:00Z', ClosedDate: '2024-01-01T00:05:00Z' },
      { ShippingState: null, CreatedDate: '2024-01-01T00:00:00Z', ClosedDate: '2024-01-01T00:05:00Z' },
    ];
    expect(call('calculate_region_average_closure_times', { cases: withStates })).toEqual({ CA: 200 });
    expect(call('calculate_region_average_closure_times', { cases: [] })).toEqual({ error: expect.stringMatching(/^Error: /) });
  });

  it('compute dates and named periods with exclusive ends', () => {
    expect(call('get_start_date', { end_date: '2024-05-31T00:00:00Z', period: 'month', interval_count: 3 })).toBe('2024-02-29T00:00:00Z');
    expect(call('get_start_date', { end_date: '2024-05-31T00:00:00Z', period: 'day', interval_count: 0 })).toBe('2024-05-31T00:00:00Z');
    expect(call('get_start_date', { end_date: '2024/05/31', period: 'week', interval_count: 1 })).toEqual({ error: expect.stringMatching(/^Error: end_date/) });
    expect(call('get_start_date', { end_date: '2024-05-31T00:00:00Z', period: 'week', interval_count: -1 })).toEqual({ error: expect.stringMatching(/^Error: /) });
    expect(call('get_period', { period_name: 'Winter', year: 2023 })).toEqual({ start_date: '2023-12-01T00:00:00Z', end_date: '2024-03-01T00:00:00Z' });
    expect(call('get_period', { period_name: 'Q3', year: 2022 })).toEqual({ start_date: '2022-07-01T00:00:00Z', end_date: '2022-10-01T00:00:00Z' });
    expect(call('get_period', { period_name: 'February', year: 2024 })).toEqual({ start_date: '2024-02-01T00:00:00Z', end_date: '2024-03-01T00:00:00Z' });
  });

  it('count owner assignments, qualified agents, single-assignment cases and transfers exactly as CaseHistory__c says', () => {
    for (const w of windows) {
      const rows = assignments.filter((h) => inside(w)(h.CreatedDate));
      const handled = counts(rows.map((h) => h.NewValue__c!));
      expect(call('get_agent_handled_cases_by_period', w)).toEqual(handled);
      expect(call('get_qualified_agent_ids_by_case_count', { agent_handled_cases: handled, n_cases: 2 })).toEqual(Object.keys(handled).filter((k) => handled[k]! > 2));
      const perCase = counts(rows.map((h) => h.CaseId__c));
      expect(new Set(call('get_non_transferred_case_ids', w) as string[])).toEqual(new Set(Object.keys(perCase).filter((k) => perCase[k] === 1)));
      const away = rows.filter((h) => h.OldValue__c !== null).map((h) => h.OldValue__c!);
      expect(call('get_agent_transferred_cases_by_period', w)).toEqual(counts(away));
      const some = Object.keys(handled).slice(0, 3);
      expect(call('get_agent_transferred_cases_by_period', { ...w, qualified_agent_ids: some })).toEqual(counts(away.filter((a) => some.includes(a))));
    }
  });

  it('treat period ends as exclusive and starts as inclusive', () => {
    const h = assignments[100]!;
    const at = h.CreatedDate;
    const before = iso(ms(at) - 86_400_000);
    const onEnd = call('get_agent_handled_cases_by_period', { start_date: before, end_date: at }) as Record<string, number>;
    const onStart = call('get_agent_handled_cases_by_period', { start_date: at, end_date: iso(ms(at) + 1000) }) as Record<string, number>;
    expect(Object.values(onStart).reduce((a, b) => a + b, 0)).toBe(assignments.filter((x) => x.CreatedDate === at).length);
    expect(onEnd[h.NewValue__c!] ?? 0).toBe(assignments.filter((x) => x.NewValue__c === h.NewValue__c && x.CreatedDate < at && ms(x.CreatedDate) >= ms(before)).length);
    const c = t.Case[200]!;
    const got = call('get_cases', { start_date: iso(ms(c.CreatedDate) - 3600_000), end_date: c.CreatedDate }) as { Id: string }[];
    expect(got.some((x) => x.Id === c.Id)).toBe(false);
  });

  it('filter cases by every combination of filters, accepting 15-character ids', () => {
    const arb = fc.record(
      {
        window: windowArb,
        agents: fc.subarray(t.User.map((u) => u.Id), { maxLength: 6 }),
        issues: fc.subarray(t.Issue__c.map((i) => i.Id), { maxLength: 3 }),
        statuses: fc.subarray(['New', 'Working', 'Escalated', 'Closed']),
        useWindow: fc.boolean(),
      },
      { requiredKeys: ['window', 'agents', 'issues', 'statuses', 'useWindow'] },
    );
    for (const f of fc.sample(arb, { numRuns: 40, seed: 5 })) {
      const args: Record<string, unknown> = { agent_ids: f.agents.map((a) => a.slice(0, 15)), issue_ids: f.issues, statuses: f.statuses };
      if (f.useWindow) Object.assign(args, f.window);
      const expected = t.Case.filter(
        (c) =>
          (!f.useWindow || inside(f.window)(c.CreatedDate)) &&
          (f.agents.length === 0 || f.agents.includes(c.OwnerId)) &&
          (f.issues.length === 0 || f.issues.includes(c.IssueId__c)) &&
          (f.statuses.length === 0 || f.statuses.includes(c.Status)),
      ).map((c) => ({ Id: c.Id, OwnerId: c.OwnerId, CreatedDate: c.CreatedDate, ClosedDate: c.ClosedDate, AccountId: c.AccountId }));
      const none = !f.useWindow && f.agents.length === 0 && f.issues.length === 0 && f.statuses.length === 0;
      expect(call('get_cases', args)).toEqual(none ? { error: expect.stringMatching(/^Error: give at least one filter/) } : expected);
    }
    const ids = t.Case.slice(0, 5).map((c) => c.Id);
    expect((call('get_cases', { case_ids: ids }) as { Id: string }[]).map((c) => c.Id)).toEqual(ids);
  });

  it('add shipping states, count months, find order items, issues and purchases', () => {
    const cases = call('get_cases', windows[0]!) as { AccountId: string; CreatedDate: string }[];
    const states = new Map(t.Account.map((a) => [a.Id, a.ShippingState]));
    expect(call('get_shipping_state', { cases })).toEqual(cases.map((c) => ({ ...c, ShippingState: states.get(c.AccountId) })));
    expect(call('get_shipping_state', { cases: [{ AccountId: 'nope' }] })).toEqual([{ AccountId: 'nope', ShippingState: null }]);
    const months = counts(cases.map((c) => new Date(c.CreatedDate).toLocaleString('en-US', { month: 'long', timeZone: 'UTC' })));
    expect(call('get_month_to_case_count', { cases })).toEqual(months);

    const product = t.Product2[3]!.Id;
    const items = t.OrderItem.filter((i) => i.Product2Id === product).map((i) => i.Id);
    expect(call('get_order_item_ids_by_product', { product_id: product })).toEqual(items);
    expect(call('get_order_item_ids_by_product', { product_id: product.slice(0, 15) })).toEqual(items);
    const w = { start_date: '2000-01-01T00:00:00Z', end_date: `${org.today}T00:00:00Z` };
    expect(call('get_issue_counts', { ...w, order_item_ids: items })).toEqual(counts(t.Case.filter((c) => items.includes(c.OrderItemId__c)).map((c) => c.IssueId__c)));
    expect(call('get_issue_counts', { ...w, order_item_ids: [] })).toEqual({ error: expect.stringMatching(/^Error: /) });

    const order = t.Order.find((o) => o.Status === 'Activated')!;
    const sameDay = new Set(t.Order.filter((o) => o.AccountId === order.AccountId && o.EffectiveDate === order.EffectiveDate && o.Status === 'Activated').map((o) => o.Id));
    const bought = t.OrderItem.filter((i) => sameDay.has(i.OrderId));
    const some = [bought[0]!.Product2Id, t.Product2[0]!.Id];
    expect(call('get_purchase_history', { account_id: order.AccountId, purchase_date: `${order.EffectiveDate}T00:00:00Z`, related_product_ids: some })).toEqual(
      bought.filter((i) => some.includes(i.Product2Id)).map((i) => ({ Product2Id: i.Product2Id })),
    );
    expect(call('get_purchase_history', { account_id: order.AccountId, purchase_date: 'last week', related_product_ids: some })).toEqual({ error: expect.stringMatching(/^Error: purchase_date/) });
  });

  it('look up contacts, issues, messages and chats, with an error for unknown ids', () => {
    const contact = t.Contact[10]!;
    expect(call('get_account_id_by_contact_id', { contact_id: contact.Id })).toBe(contact.AccountId);
    expect(call('get_account_id_by_contact_id', { contact_id: '003Ws0000000000AAA' })).toEqual({ error: expect.stringMatching(/^Error: no Contact/) });
    expect(call('get_issues', {})).toEqual(t.Issue__c.map((i) => ({ Id: i.Id, Name: i.Name })));
    const chat = t.LiveChatTranscript[0]!;
    expect(call('get_livechat_transcript_by_case_id', { case_id: chat.CaseId })).toEqual([{ Id: chat.Id, Body: chat.Body, EndTime: chat.EndTime }]);
    const email = t.EmailMessage[0]!;
    expect((call('get_email_messages_by_case_id', { case_id: email.ParentId }) as { Id: string }[]).map((e) => e.Id)).toEqual(t.EmailMessage.filter((e) => e.ParentId === email.ParentId).map((e) => e.Id));
    expect(call('get_email_messages_by_case_id', { case_id: 'missing' })).toEqual({ error: expect.stringMatching(/^Error: no Case/) });
  });

  it('search products and knowledge by every word of the term', () => {
    const found = call('search_products', { search_term: 'running shoes' }) as string[];
    expect(found.length).toBeGreaterThan(1);
    for (const id of found) expect(t.Product2.find((p) => p.Id === id)!.Name.toLowerCase()).toContain('running shoes');
    const articles = call('search_knowledge_articles', { search_term: 'return window' }) as { Id: string; Title: string; Content: string }[];
    expect(articles.map((a) => a.Title)).toContain('Return Window Policy');
    for (const a of articles) expect(`${a.Title} ${a.Content}`.toLowerCase()).toMatch(/return/);
    expect(call('search_knowledge_articles', { search_term: '  ' })).toEqual({ error: expect.stringMatching(/^Error: /) });
    expect(call('search_products', { search_term: 'zzzz qqqq' })).toEqual([]);
  });

  it('run SOQL and SOSL through the query engine, with its error codes', () => {
    expect(call('issue_soql_query', { query: `SELECT Id, Name FROM Issue__c WHERE Name = 'Product Defect'` })).toEqual([{ Id: t.Issue__c[2]!.Id, Name: 'Product Defect' }]);
    const sosl = call('issue_sosl_query', { query: 'FIND {Return Window} IN ALL FIELDS RETURNING Knowledge__kav(Id, Title)' }) as { Title: string }[];
    expect(sosl.some((r) => r.Title === 'Return Window Policy')).toBe(true);
    expect(call('issue_soql_query', { query: 'SELEKT nothing' })).toEqual({ error: expect.stringMatching(/^MALFORMED_QUERY: /) });
  });

  it('never throw on schema-valid arguments, and word every failure as Error: or a query error code', () => {
    for (const tool of ALL_TOOLS) {
      const samples = fc.sample(validArguments(tool.input), { numRuns: 40, seed: 3 });
      for (const args of samples) {
        const out = tool.handler(tool.input.parse(args), ctx);
        if (isToolError(out)) expect(out.message, tool.name).toMatch(/^(Error: |[A-Z_]+: )/);
        else expect(() => JSON.stringify(out)).not.toThrow();
      }
    }
  });
});
