import { describe, expect, it } from 'vitest';
import { ToolEnv, type QueryInstance } from '../../src/index.js';
import { crmarenaEnvironment, orgToJson, TASK_CODES, DOMAIN_DETAILS, type TaskCode } from '../../envs/crmarena/index.js';
import { recompute, type OrgJson } from './recompute.js';

const env = crmarenaEnvironment;
const org = env.world();
const json = JSON.parse(JSON.stringify(orgToJson(org))) as OrgJson;
const splitOf = (code: TaskCode) => (['NCR', 'HTU', 'MTA', 'BRI'].includes(code) ? 'explore' : 'held-out');
const templatesOf = (code: TaskCode) => [...env.templates.values()].filter((t) => t.domain === code).map((t) => t.id);

/** The instance of a task for a seed: its templates take turns. */
function instanceOf(code: TaskCode, seed: number): QueryInstance {
  const ids = templatesOf(code);
  return env.generate({ template: ids[seed % ids.length]!, seed, split: splitOf(code), world: org });
}

const instances = new Map<TaskCode, QueryInstance[]>(TASK_CODES.map((code) => [code, Array.from({ length: 100 }, (_, seed) => instanceOf(code, seed))]));

const canonical = (v: unknown) => (Array.isArray(v) ? [...v].sort() : v);

describe('CRMArena task templates', () => {
  it('cover the nine tasks', () => {
    for (const code of TASK_CODES) expect(templatesOf(code).length, code).toBeGreaterThan(0);
    expect(templatesOf('HTU')).toEqual(['HTU.shortest', 'HTU.longest']);
    expect(templatesOf('TCU')).toEqual(['TCU.most', 'TCU.fewest']);
  });

  it('record parameters from which an outside script recomputes every answer from the org JSON', () => {
    for (const [code, list] of instances) {
      for (const instance of list) {
        expect(instance.params['task'], instance.id).toBe(code);
        expect(instance.params['today']).toBe(org.today);
        if (code === 'KQA') {
          const article = json['Knowledge__kav']!.find((a) => a['Id'] === instance.params['article_id'])!;
          expect(String(article['FAQ_Answer__c']).toLowerCase(), instance.id).toContain(String(instance.groundTruth).toLowerCase());
          continue;
        }
        expect(canonical(recompute(json, instance.params)), `${instance.id} ${JSON.stringify(instance.params)}`).toEqual(canonical(instance.groundTruth));
      }
    }
  });

  it('give answers that vary across seeds (at least 5 distinct per task over 100 seeds)', () => {
    const report: Record<string, number> = {};
    for (const [code, list] of instances) report[code] = new Set(list.map((i) => i.solution.answer)).size;
    for (const code of TASK_CODES) expect(report[code], `${code}: ${JSON.stringify(report)}`).toBeGreaterThanOrEqual(5);
  });

  it('never give a degenerate answer where one is asked for', () => {
    for (const code of ['NCR', 'HTU', 'TCU', 'TII', 'KQA'] as const) {
      for (const instance of instances.get(code)!) expect(typeof instance.groundTruth, instance.id).toBe('string');
    }
    for (const instance of instances.get('BRI')!) expect(instance.groundTruth === null || (Array.isArray(instance.groundTruth) && instance.groundTruth.length === 0)).toBe(false);
    for (const code of ['MTA', 'NED', 'PVI'] as const) {
      const answers = instances.get(code)!.map((i) => i.groundTruth);
      expect(answers.filter((a) => a === null).length, `${code} has some None answers`).toBeGreaterThan(0);
      expect(answers.filter((a) => a !== null).length, `${code} has mostly real answers`).toBeGreaterThan(40);
    }
  });

  it('write the query without unfilled slots and carry the policy, domain details and today in the context', () => {
    for (const list of instances.values()) {
      for (const instance of list) {
        expect(instance.query).not.toMatch(/\{[A-Za-z_]+\}/);
        expect(instance.context['policy']).toEqual(expect.any(String));
        expect(instance.context['domain_details']).toBe(DOMAIN_DETAILS);
        expect(instance.context['today']).toBe(org.today);
      }
    }
    const tenv = new ToolEnv(env, { split: 'explore' });
    const { observation } = tenv.reset({ seed: 3, options: { template: 'MTA' } });
    const system = observation.messages[0]!.content as string;
    expect(system).toContain(`Today's date is ${org.today}`);
    expect(system).toContain('1.3 times');
    expect(system).toContain(tenv.instance!.context['policy'] as string);
    expect(observation.messages[1]!.content).toBe(tenv.instance!.query);
  });

  it('compare answers as CRMArena does: trimmed and unquoted, sets for several, None for null, token F1 for KQA', () => {
    const tenv = new ToolEnv(env, { split: 'all' });
    const respond = (content: string) => ({ role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'respond', arguments: JSON.stringify({ content }) } }] });
    const verdict = (instance: QueryInstance, content: string) => {
      tenv.reset({ seed: 0, options: { instance } });
      return tenv.step(respond(content)).info.answer!.correct;
    };
    const htu = instances.get('HTU')![0]!;
    expect(verdict(htu, `  "${htu.solution.answer}" `)).toBe(true);
    expect(verdict(htu, htu.solution.answer.toLowerCase())).toBe(false);
    const none = instances.get('PVI')!.find((i) => i.groundTruth === null)!;
    expect(verdict(none, 'None')).toBe(true);
    expect(verdict(none, 'ka0Ws000000000AAAA')).toBe(false);
    const kqa = instances.get('KQA')![0]!;
    expect(kqa.compare).toEqual({ kind: 'token-f1', threshold: 0.5, keyFacts: true });
    expect(verdict(kqa, `The answer is: ${kqa.solution.answer}`)).toBe(true);
    expect(verdict(kqa, 'I do not know')).toBe(false);
    const bri = instances.get('BRI')![0]!;
    expect(bri.compare.kind).toBe('set');
  });
});
