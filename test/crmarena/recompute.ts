/**
 * Recomputes CRMArena-v0 answers from nothing but the org as JSON (orgToJson) and an instance's
 * recorded params, the way an outside script would: no code of the environment is used.
 */
type Row = Record<string, unknown>;
export type OrgJson = Record<string, Row[]>;
type Params = Record<string, unknown>;

const ms = (text: unknown): number => Date.parse(String(text));
const str = (v: unknown): string => String(v);

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

function extremes(values: Map<string, number>, pick: 'max' | 'min'): string[] {
  if (values.size === 0) return [];
  const best = pick === 'max' ? Math.max(...values.values()) : Math.min(...values.values());
  return [...values].filter(([, v]) => v === best).map(([k]) => k);
}

function mean(groups: Map<string, number[]>): Map<string, number> {
  return new Map([...groups].map(([k, xs]) => [k, xs.reduce((a, b) => a + b, 0) / xs.length]));
}

function group<T>(items: readonly T[], key: (item: T) => string, value: (item: T) => number): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), value(item)]);
  return out;
}

const inWindow = (p: Params) => (text: unknown) => ms(text) >= ms(p['start_date']) && ms(text) < ms(p['end_date']);

function assignments(org: OrgJson, p: Params): Row[] {
  const inside = inWindow(p);
  return org['CaseHistory__c']!.filter((h) => h['Field__c'] === 'Owner Assignment' && inside(h['CreatedDate']));
}

function qualified(org: OrgJson, p: Params): Set<string> {
  const handled = countBy(assignments(org, p), (h) => str(h['NewValue__c']));
  return new Set([...handled].filter(([, n]) => n > Number(p['n_cases'])).map(([id]) => id));
}

function productCases(org: OrgJson, productId: unknown): Row[] {
  const items = new Set(org['OrderItem']!.filter((i) => i['Product2Id'] === productId).map((i) => i['Id']));
  return org['Case']!.filter((c) => items.has(c['OrderItemId__c']));
}

const single = (ids: string[]): string | null => (ids.length === 1 ? ids[0]! : null);

export function recompute(org: OrgJson, p: Params): unknown {
  const inside = inWindow(p);
  switch (p['task']) {
    case 'NCR': {
      const closed = org['Case']!.filter((c) => c['Status'] === 'Closed');
      const top = extremes(countBy(closed.filter((c) => c['IssueId__c'] === p['issue_id'] && inside(c['CreatedDate'])), (c) => str(c['OwnerId'])), 'max');
      if (top.length === 1) return top[0];
      const onProduct = productCases(org, p['product_id']).filter((c) => c['Status'] === 'Closed' && top.includes(str(c['OwnerId'])));
      return single(extremes(countBy(onProduct, (c) => str(c['OwnerId'])), 'max'));
    }
    case 'HTU': {
      const q = qualified(org, p);
      const perCase = countBy(assignments(org, p), (h) => str(h['CaseId__c']));
      const cases = org['Case']!.filter((c) => inside(c['CreatedDate']) && perCase.get(str(c['Id'])) === 1 && q.has(str(c['OwnerId'])) && c['ClosedDate'] !== null);
      const avg = mean(group(cases, (c) => str(c['OwnerId']), (c) => (ms(c['ClosedDate']) - ms(c['CreatedDate'])) / 60_000));
      return single(extremes(avg, p['direction'] === 'shortest' ? 'min' : 'max'));
    }
    case 'TCU': {
      const q = qualified(org, p);
      const away = assignments(org, p).filter((h) => h['OldValue__c'] !== null && q.has(str(h['OldValue__c'])));
      return single(extremes(countBy(away, (h) => str(h['OldValue__c'])), p['direction'] === 'most' ? 'max' : 'min'));
    }
    case 'MTA': {
      const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
      const counts = countBy(productCases(org, p['product_id']).filter((c) => inside(c['CreatedDate'])), (c) => months[new Date(ms(c['CreatedDate'])).getUTCMonth()]!);
      const top = extremes(counts, 'max');
      if (top.length !== 1 || counts.size < 2) return null;
      const others = [...counts].filter(([m]) => m !== top[0]).map(([, n]) => n);
      return counts.get(top[0]!)! >= Number(p['factor']) * (others.reduce((a, b) => a + b, 0) / others.length) ? top[0] : null;
    }
    case 'BRI': {
      const state = new Map(org['Account']!.map((a) => [a['Id'], str(a['ShippingState'])]));
      const cases = org['Case']!.filter((c) => inside(c['CreatedDate']) && c['ClosedDate'] !== null);
      const best = extremes(mean(group(cases, (c) => state.get(c['AccountId'])!, (c) => (ms(c['ClosedDate']) - ms(c['CreatedDate'])) / 1000)), 'min');
      return best.length === 1 ? best[0] : best;
    }
    case 'TII':
      return single(extremes(countBy(productCases(org, p['product_id']).filter((c) => inside(c['CreatedDate'])), (c) => str(c['IssueId__c'])), 'max'));
    case 'NED': {
      const account = org['Contact']!.find((c) => c['Id'] === p['contact_id'])!['AccountId'];
      const orders = new Set(org['Order']!.filter((o) => o['AccountId'] === account && o['EffectiveDate'] === p['purchase_date'] && o['Status'] === 'Activated').map((o) => o['Id']));
      const words = (text: string) => text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
      const wanted = words(str(p['search_term']));
      const products = new Map(org['Product2']!.map((x) => [x['Id'], words(`${str(x['Name'])} ${str(x['Description'])}`)]));
      const matches = (id: unknown) => wanted.every((w) => products.get(id)!.some((x) => x.startsWith(w)));
      const bought = new Set(org['OrderItem']!.filter((i) => orders.has(i['OrderId']) && matches(i['Product2Id'])).map((i) => str(i['Product2Id'])));
      return single([...bought]);
    }
    case 'PVI': {
      if (p['policy'] === null) return null;
      const value = Number(p['value']);
      const limit = Number(p['limit']);
      const allowed = p['kind'] === 'max' ? value <= limit : value > limit;
      return p['granted'] === true && !allowed ? p['article_id'] : null;
    }
    default:
      throw new Error(`no recomputation for task ${str(p['task'])}`);
  }
}
