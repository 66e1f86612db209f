import type { JsonValue } from '../../src/core/json.js';
import type { QueryableOrg } from '../../envs/crmarena/query/index.js';
import type { Benchmark } from '../harness/benchmark.js';
import { figure, type Figure, type Target } from '../harness/figure.js';
import { rates, repeat, since } from '../harness/measure.js';
import { loadSubjects } from '../harness/subjects.js';

type Org = QueryableOrg;

const INDEXED_TARGET: Target = { op: '>=', value: 100_000, label: 'WHERE Id = / Id IN (...) from the index >= 100k queries/s' };
const NEW_TEXT_TARGET: Target = { op: '>=', value: 20_000, label: 'every query >= 20k queries/s with new text' };

interface QueryCase {
  readonly name: string;
  readonly sosl?: boolean;
  /** Answered from the Id index: held to the index target. */
  readonly indexed?: boolean;
  /** The query for variant `i`: variants differ in a literal, so each text is new to the engine's caches. */
  readonly text: (i: number) => string;
}

/** Queries a CRM agent writes: a lookup, a filtered page, aggregates, a semi-join, a relationship path, LIKE and a SOSL search. */
function queryCases(org: Org): QueryCase[] {
  const cases = org.tables['Case']!;
  const products = org.tables['Product2']!;
  const words = ['return', 'refund', 'size', 'warranty', 'shipping', 'order', 'exchange', 'damaged'];
  const caseId = (i: number) => String(cases[(i * 7919) % cases.length]!['Id']);
  const productId = (i: number) => String(products[i % products.length]!['Id']);
  return [
    { name: 'Case by Id', indexed: true, text: (i) => `SELECT Id, Subject, Status, OwnerId FROM Case WHERE Id = '${caseId(i)}'` },
    { name: 'Cases by Id IN (5 Ids)', indexed: true, text: (i) => `SELECT Id, Subject, Status FROM Case WHERE Id IN (${[0, 1, 2, 3, 4].map((k) => `'${caseId(i * 5 + k)}'`).join(', ')})` },
    { name: 'closed Cases, last N days, ordered, LIMIT 20', text: (i) => `SELECT Id, CreatedDate, ClosedDate, OwnerId FROM Case WHERE Status = 'Closed' AND CreatedDate = LAST_N_DAYS:${30 + (i % 300)} ORDER BY CreatedDate DESC LIMIT 20` },
    { name: 'Cases per owner (GROUP BY)', text: (i) => `SELECT OwnerId, COUNT(Id) n FROM Case WHERE Priority != 'x${i}' GROUP BY OwnerId` },
    { name: 'Cases of a product per month (IN sub-query, GROUP BY)', text: (i) => `SELECT CALENDAR_MONTH(CreatedDate) m, COUNT(Id) n FROM Case WHERE OrderItemId__c IN (SELECT Id FROM OrderItem WHERE Product2Id = '${productId(i)}') AND Origin != 'x${i}' GROUP BY CALENDAR_MONTH(CreatedDate)` },
    { name: 'Cases with Account.ShippingState, LIMIT 50', text: (i) => `SELECT Id, Account.ShippingState FROM Case WHERE Status = 'Closed' AND Subject != 'x${i}' LIMIT 50` },
    { name: 'Product2 Name LIKE', text: (i) => `SELECT Id, Name FROM Product2 WHERE Name LIKE '%${['Shoe', 'Pack', 'Jacket', 'Sock'][i % 4]}%' AND Id != 'x${i}'` },
    { name: 'SOSL FIND over Knowledge__kav', sosl: true, text: (i) => `FIND {${words[i % words.length]}} IN ALL FIELDS RETURNING Knowledge__kav(Id, Title) LIMIT ${10 + (i % 40)}` },
  ];
}

export const soqlBenchmark: Benchmark = {
  name: 'soql',
  title: 'the CRMArena SOQL/SOSL engine over the default org: the same query text again (parse and plan cached) and a new text each time',
  async run(ctx) {
    const { subjects, missing } = await loadSubjects();
    const crm = subjects.find((s) => s.family === 'crmarena');
    if (!crm) return { figures: [], details: {}, skipped: [...missing.filter((m) => m.startsWith('CRMArena')), 'no CRMArena environment: nothing to query'] };
    const engine = await import('../../envs/crmarena/query/index.js');
    const org = crm.environment.world() as Org;
    const figures: Figure[] = [];
    const details: Record<string, JsonValue> = {};
    const count = ctx.quick ? 20 : 2000;
    for (const q of queryCases(org)) {
      const run = q.sosl ? engine.runSosl : engine.runSoql;
      let rows = 0;
      for (let i = 0; i < 4; i++) {
        const outcome = run(org, q.text(i));
        if (!outcome.ok) throw new Error(`${q.name}: ${outcome.error}`);
        rows += outcome.totalSize;
      }
      const same = q.text(0);
      const cached = await repeat(ctx.plan, () => {
        const start = performance.now();
        for (let i = 0; i < count; i++) run(org, same);
        return { ops: count, ms: since(start) };
      });
      // Texts beyond the engine's 256-entry cache, cycled so every query is parsed and planned again.
      const texts = Array.from({ length: 1000 }, (_, i) => q.text(i + 1));
      let next = 0;
      const fresh = await repeat(ctx.plan, () => {
        const start = performance.now();
        for (let i = 0; i < count; i++) run(org, texts[next++ % texts.length]!);
        return { ops: count, ms: since(start) };
      });
      const warm = rates(cached);
      const cold = rates(fresh);
      figures.push(figure({ name: `${q.name}, same text`, value: warm.median, min: warm.min, max: warm.max, unit: 'queries/s', ...(q.indexed ? { target: INDEXED_TARGET } : {}) }));
      figures.push(figure({ name: `${q.name}, new text`, value: cold.median, min: cold.min, max: cold.max, unit: 'queries/s', target: NEW_TEXT_TARGET }));
      details[q.name] = { example: same, meanRows: rows / 4, sameText: [...warm.values], newText: [...cold.values] };
      ctx.log(`${q.name}: ${warm.median.toFixed(0)}/s same text, ${cold.median.toFixed(0)}/s new text, ~${(rows / 4).toFixed(0)} rows`);
    }
    return { figures, details, skipped: [] };
  },
};
