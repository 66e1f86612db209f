import { beforeAll, describe, expect, it } from 'vitest';
import { builtinEnvironments } from '../../envs/index.js';
import { exportLines } from '../../src/data/export.js';
import { collectFile, type Collected } from '../fixtures/collected.js';
import { kvEnvironment } from '../fixtures/kv-env.js';
import { tempDir } from '../fixtures/memory-io.js';

interface XlamRow {
  id: number;
  query: string;
  tools: string;
  answers: string;
  system: string;
  history: string;
}

function leaves(value: unknown, path = ''): [string, string | number | boolean][] {
  if (value === null) return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, `${path}[${i}]`));
  if (typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, `${path}.${k}`));
  return [[path, value as string | number | boolean]];
}

/** Numbers a value may be written as in a context (JSON numbers, thousands separators, $ amounts). */
function numberForms(n: number): string[] {
  return [String(n), n.toLocaleString('en-US'), n.toFixed(2)];
}

const DAY = 86_400_000;

/**
 * A date or timestamp the policy computes from the context: a date in the row (today's date in the
 * system prompt) shifted by a number of days, weeks or months the query names (or not shifted).
 */
function dateDerivable(value: string, context: string, query: string): boolean {
  const target = /^(\d{4}-\d{2}-\d{2})(T00:00:00(\.000)?Z)?$/.exec(value);
  if (!target) return false;
  const want = Date.parse(`${target[1]}T00:00:00Z`);
  const anchors = [...new Set(context.match(/\d{4}-\d{2}-\d{2}/g) ?? [])].map((d) => Date.parse(`${d}T00:00:00Z`));
  const counts = [0, 1, ...(query.match(/\d+/g) ?? []).map(Number)];
  return anchors.some((a) =>
    counts.some((n) => {
      const shifted = [a - n * DAY, a + n * DAY, a - n * 7 * DAY, a + n * 7 * DAY];
      const month = new Date(a);
      month.setUTCMonth(month.getUTCMonth() - n);
      return [...shifted, month.getTime()].includes(want);
    }),
  );
}

const collections: Collected[] = [];
beforeAll(async () => {
  const dir = tempDir();
  let i = 0;
  for (const actionFormat of ['openai', 'xlam', 'react'])
    for (const seed of [7, 101]) {
      collections.push(await collectFile(dir, `x${i++}.jsonl`, { targets: builtinEnvironments.map((environment) => ({ environment, split: environment.definition.defaultSplit })), actionFormat, seed, samplesPerStep: 1, episodes: 24 }));
    }
  collections.push(await collectFile(dir, 'kv.jsonl', { targets: [{ environment: kvEnvironment, split: 'test' }], samplesPerStep: 1 }));
}, 300_000);

describe('xLAM rows are learnable', () => {
  it('every argument value of every target is in the row (query, system, history, tools) or derived from it', async () => {
    const finishTools = new Set([...builtinEnvironments, kvEnvironment].map((e) => e.definition.finish.tool));
    let rows = 0;
    let values = 0;
    const derived: string[] = [];
    for (const { path } of collections) {
      for await (const line of exportLines(path, { format: 'xlam', withErrors: true })) {
        const row = JSON.parse(line) as XlamRow;
        rows++;
        const context = [row.system, row.query, row.history, row.tools].join('\n').toLowerCase();
        for (const answer of JSON.parse(row.answers) as { name: string; arguments: unknown }[]) {
          expect(row.tools).toContain(JSON.stringify(answer.name));
          for (const [path, value] of leaves(answer.arguments)) {
            values++;
            const forms = typeof value === 'number' ? numberForms(value) : [String(value)];
            const literal = (f: string): boolean => context.includes(f.toLowerCase());
            if (forms.some(literal)) continue;
            if (typeof value === 'string' && dateDerivable(value, context, row.query)) continue;
            // the final answer is computed from the context (a sum, a count, a list of found names): each part is in it or a number
            const computed = finishTools.has(answer.name) && String(value).split(/,\s*/).every((part) => literal(part) || /^-?\d+(\.\d+)?$/.test(part));
            expect(computed, `${answer.name}${path}=${JSON.stringify(value)} is not in the row: ${row.query}`).toBe(true);
            derived.push(`${answer.name}${path}=${JSON.stringify(value)} | ${row.query}`);
          }
        }
      }
    }
    console.log(`xlam: ${rows} rows, ${values} argument values, ${values - derived.length} found literally in the row; not literal:\n${derived.slice(0, 8).join('\n')}`);
    expect(rows).toBeGreaterThan(100);
    expect(derived.length / values).toBeLessThan(0.1);
  }, 300_000);
});

describe('xLAM tool parameters keep constraints', () => {
  it('enums become Literal types, and bounds, formats and defaults stay', async () => {
    const { path } = collections[0]!;
    const params = new Map<string, Record<string, unknown>>();
    for await (const line of exportLines(path, { format: 'xlam' })) {
      for (const tool of JSON.parse((JSON.parse(line) as XlamRow).tools) as { name: string; parameters: Record<string, Record<string, unknown>> }[])
        for (const [name, p] of Object.entries(tool.parameters)) params.set(`${tool.name}.${name}`, p);
    }
    const all = [...params.values()];
    expect(all.some((p) => String(p['type']).startsWith('Literal['))).toBe(true);
    expect(all.some((p) => 'maximum' in p || 'minimum' in p)).toBe(true);
    expect(all.every((p) => p['type'] !== 'str' || !('enum' in p))).toBe(true);
    const finish = params.get('Finish.return_type')!;
    expect(finish['type']).toBe('Literal["give_answer", "give_up_and_restart"]');
  });
});
