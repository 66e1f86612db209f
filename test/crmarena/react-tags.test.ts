import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ToolEnv, type QueryInstance } from '../../src/index.js';
import { crmarenaEnvironment, reactTagsParser, REACT_TAGS_FORMAT } from '../../envs/crmarena/index.js';

const parse = (text: string) => reactTagsParser.parse(text, 1);

describe('the CRMArena ReAct tag format', () => {
  it('reads <execute> as SOQL, or SOSL when the query starts with FIND, and <respond> as the answer', () => {
    expect(parse('<thought> count issues </thought>\n<execute> SELECT Id FROM Issue__c </execute>')).toEqual({
      ok: true,
      format: REACT_TAGS_FORMAT,
      thought: 'count issues',
      calls: [{ id: 'call_1_0', name: 'issue_soql_query', args: { query: 'SELECT Id FROM Issue__c' } }],
      text: '<thought> count issues </thought>\n<execute> SELECT Id FROM Issue__c </execute>',
    });
    const sosl = parse('<thought>t</thought><execute>find {Return Window} IN ALL FIELDS RETURNING Knowledge__kav(Id)</execute>');
    expect(sosl.ok && sosl.calls[0]!.name).toBe('issue_sosl_query');
    const answer = parse('<thought> done </thought>\n<respond> 005Ws000001xSR9IAM </respond>');
    expect(answer.ok && answer.calls[0]).toEqual({ id: 'call_1_0', name: 'respond', args: { content: '005Ws000001xSR9IAM' } });
  });

  it('refuses text it cannot read, saying why', () => {
    const why = (text: string) => {
      const r = parse(text);
      return r.ok ? 'ok' : r.message;
    };
    expect(why('SELECT Id FROM Case')).toMatch(/no <execute> or <respond>/);
    expect(why('<execute>SELECT Id FROM Case')).toMatch(/not closed/);
    expect(why('<execute>SELECT Id FROM Case')).toMatch(/not closed/);
    expect(why('<execute>   </execute>')).toMatch(/no query/);
    // only the first action is read, as a stop sequence on its closing tag would give
    for (const [text, name] of [['<execute>SELECT Id FROM Case</execute><respond>x</respond>', 'issue_soql_query'], ['<respond>x</respond><execute>SELECT Id FROM Case</execute>', 'respond'], ['<execute>SELECT Id FROM Case</execute><execute>SELECT Id FROM User</execute>', 'issue_soql_query']] as const) {
      const r = parse(text);
      expect(r.ok && r.calls.map((c) => c.name)).toEqual([name]);
      expect(r.ok && text.startsWith(r.text!) && r.text!.length < text.length).toBe(true);
    }
    expect(reactTagsParser.parse({ role: 'assistant', content: null }, 1).ok).toBe(false);
  });

  it('writes what it reads: encode then parse gives the same call', () => {
    const text = fc.string({ minLength: 1, maxLength: 60 }).filter((s) => !s.includes('<') && s.trim() !== '' && s.trim() === s);
    fc.assert(
      fc.property(text, fc.constantFrom('issue_soql_query', 'issue_sosl_query', 'respond'), (body, name) => {
        const query = name === 'issue_sosl_query' ? `FIND {${body}}` : /^\s*find\b/i.test(body) ? `SELECT ${body}` : body;
        const args = name === 'respond' ? { content: body } : { query };
        const encoded = reactTagsParser.encode!([{ name, arguments: args }], 2, 'thinking');
        const parsed = reactTagsParser.parse(encoded, 2);
        expect(parsed.ok && parsed.calls[0]).toEqual({ id: 'call_2_0', name, args });
      }),
      { numRuns: 150 },
    );
    expect(reactTagsParser.encode!([{ name: 'get_cases', arguments: { statuses: ['Closed'] } }], 1)).toBeUndefined();
    expect(reactTagsParser.encode!([{ name: 'issue_sosl_query', arguments: { query: 'SELECT Id FROM Case' } }], 1)).toBeUndefined();
    expect(reactTagsParser.encode!([{ name: 'respond', arguments: { content: 'a</respond>b' } }], 1)).toBeUndefined();
  });
});

/** The JSON a tool answered with, read back from the observation message of a text format. */
function lastObservation(env: ToolEnv): unknown {
  const content = env.observation().messages.at(-1)!.content as string;
  expect(content.startsWith('Observation: ')).toBe(true);
  return JSON.parse(content.slice('Observation: '.length));
}

const act = (thought: string, action: string) => `<thought> ${thought} </thought>\n${action}`;

describe('playing CRMArena-v0 in the tag format with SOQL', () => {
  it('answers top-issue questions (TII) with one aggregate SOQL query', () => {
    const env = new ToolEnv(crmarenaEnvironment, { split: 'held-out-flex', actionFormat: REACT_TAGS_FORMAT });
    for (let seed = 0; seed < 25; seed++) {
      env.reset({ seed, options: { template: 'TII' } });
      const p = env.instance!.params;
      expect(env.instance!.tools).toContain('issue_soql_query');
      const query = `SELECT IssueId__c, COUNT(Id) n FROM Case WHERE OrderItemId__c IN (SELECT Id FROM OrderItem WHERE Product2Id = '${p['product_id']}') AND CreatedDate >= ${p['start_date']} AND CreatedDate < ${p['end_date']} GROUP BY IssueId__c`;
      const step = env.step(act('count the cases of the product by issue', `<execute> ${query} </execute>`));
      expect(step.info.action.ok, step.info.action.message ?? '').toBe(true);
      const rows = lastObservation(env) as { IssueId__c: string; n: number }[];
      const top = rows.reduce((best, r) => (r.n > best.n ? r : best));
      const final = env.step(act('the issue with the most cases', `<respond> ${top.IssueId__c} </respond>`));
      expect(final.terminated).toBe(true);
      expect(final.info.answer!.correct, `seed ${seed}`).toBe(true);
    }
  });

  it('answers monthly-trend questions (MTA) with CALENDAR_MONTH grouping', () => {
    const env = new ToolEnv(crmarenaEnvironment, { split: 'explore-flex', actionFormat: REACT_TAGS_FORMAT });
    const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
    for (let seed = 0; seed < 25; seed++) {
      env.reset({ seed, options: { template: 'MTA' } });
      const p = env.instance!.params;
      const query = `SELECT CALENDAR_MONTH(CreatedDate) m, COUNT(Id) n FROM Case WHERE OrderItemId__c IN (SELECT Id FROM OrderItem WHERE Product2Id = '${p['product_id']}') AND CreatedDate >= ${p['start_date']} AND CreatedDate < ${p['end_date']} GROUP BY CALENDAR_MONTH(CreatedDate)`;
      env.step(act('count cases per month', `<execute> ${query} </execute>`));
      const rows = lastObservation(env) as { m: number; n: number }[];
      const top = Math.max(...rows.map((r) => r.n));
      const leaders = rows.filter((r) => r.n === top);
      const others = rows.filter((r) => r.n !== top);
      const average = others.reduce((s, r) => s + r.n, 0) / others.length;
      const answer = leaders.length === 1 && others.length > 0 && top >= 1.3 * average ? months[leaders[0]!.m - 1]! : 'None';
      const final = env.step(act('apply the 1.3 rule', `<respond> ${answer} </respond>`));
      expect(final.info.answer!.correct, `seed ${seed}: ${JSON.stringify(rows)} vs ${JSON.stringify((env.instance as QueryInstance).groundTruth)}`).toBe(true);
      expect(final.info.tallies.errors).toEqual({ structure: 0, toolname: 0, arguments: 0, execution: 0 });
    }
  });

  it('turns query and format mistakes into feedback instead of failures', () => {
    const env = new ToolEnv(crmarenaEnvironment, { split: 'explore-flex', actionFormat: REACT_TAGS_FORMAT });
    env.reset({ seed: 1 });
    const bad = env.step(act('oops', '<execute> SELEKT Id FROM Case </execute>'));
    expect(bad.info.action.errorClass).toBe('execution');
    expect(lastObservationText(env)).toMatch(/^Observation: MALFORMED_QUERY: /);
    const garbled = env.step('I think the answer is 42');
    expect(garbled.info.action.errorClass).toBe('structure');
    expect(env.observation().messages.at(-1)!.content).toMatch(/<execute>/);
    const sosl = env.step(act('search', '<execute> FIND {return window} IN ALL FIELDS RETURNING Knowledge__kav(Id, Title) </execute>'));
    expect(sosl.info.action.ok).toBe(true);
  });
});

function lastObservationText(env: ToolEnv): string {
  return env.observation().messages.at(-1)!.content as string;
}
