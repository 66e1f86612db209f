import { actionText, structureFailure, textCallId, type ActionParser, type EncodedCall, type ParseResult } from '../../src/actions/parse-result.js';

export const REACT_TAGS_FORMAT = 'react-tags';

const SOQL = 'issue_soql_query';
const SOSL = 'issue_sosl_query';
const RESPOND = 'respond';

/** SOSL searches start with FIND; everything else goes to SOQL. */
export function isSosl(query: string): boolean {
  return /^\s*find\b/i.test(query);
}

interface Tagged {
  readonly inner: string;
  readonly unclosed: boolean;
  /** Index just past the closing tag (the text's length when unclosed). */
  readonly end: number;
}

/** The text inside the first `<tag>...</tag>`, whether it is unclosed, and where it ends. */
function tagged(text: string, tag: string): Tagged | null {
  const open = `<${tag}>`;
  const close = `</${tag}>`;
  const at = text.indexOf(open);
  if (at === -1) return null;
  const end = text.indexOf(close, at + open.length);
  return end === -1 ? { inner: text.slice(at + open.length), unclosed: true, end: text.length } : { inner: text.slice(at + open.length, end), unclosed: false, end: end + close.length };
}

const fail = (message: string) => structureFailure(REACT_TAGS_FORMAT, message);

/**
 * CRMArena's ReAct text: `<thought>...</thought>` then either `<execute>query</execute>` (a SOQL
 * query, or a SOSL search when it starts with FIND) or `<respond>answer</respond>`.
 */
export const reactTagsParser: ActionParser = {
  format: REACT_TAGS_FORMAT,
  hint: '<thought> your reasoning </thought> then <execute> a SOQL or SOSL query </execute> or <respond> the final answer </respond>',
  detect(text: string): boolean {
    return text.includes('<execute>') || text.includes('<respond>');
  },
  parse(action: unknown, step: number): ParseResult {
    const text = actionText(action);
    if (text === null) return fail('expected text with <execute> or <respond>');
    // The first action is read and everything after its closing tag dropped, as a stop sequence on
    // </execute> and </respond> would: more actions or a made-up result were never executed.
    const executeAt = text.indexOf('<execute>');
    const respondAt = text.indexOf('<respond>');
    if (executeAt === -1 && respondAt === -1) return fail('no <execute> or <respond> action found');
    const isExecute = executeAt !== -1 && (respondAt === -1 || executeAt < respondAt);
    const tag = isExecute ? 'execute' : 'respond';
    const act = tagged(text, tag)!;
    const execute = isExecute ? act : null;
    if (act.unclosed) return fail(`the <${tag}> tag is not closed with </${tag}>`);
    const thoughtTag = tagged(text, 'thought');
    const thought = thoughtTag && !thoughtTag.unclosed ? thoughtTag.inner.trim() : null;
    const body = act.inner.trim();
    const id = textCallId(step, 0);
    // The transcript keeps the text up to the action's closing tag: a made-up observation after it was never executed.
    const kept = text.slice(0, act.end);
    if (execute) {
      if (body === '') return fail('the <execute> tag holds no query');
      return { ok: true, format: REACT_TAGS_FORMAT, calls: [{ id, name: isSosl(body) ? SOSL : SOQL, args: { query: body } }], thought, text: kept };
    }
    return { ok: true, format: REACT_TAGS_FORMAT, calls: [{ id, name: RESPOND, args: { content: body } }], thought, text: kept };
  },
  encode(calls: readonly EncodedCall[], _step: number, thought?: string) {
    const call = calls[0];
    if (!call || calls.length > 1) return undefined;
    const args = call.arguments as Record<string, unknown> | null;
    const think = `<thought> ${thought ?? (call.name === RESPOND ? 'I have the answer.' : 'I will query the org.')} </thought>\n`;
    if (call.name === RESPOND) {
      const content = args?.['content'];
      if (typeof content !== 'string' || /<\/?respond>|<execute>/.test(content)) return undefined;
      return `${think}<respond> ${content} </respond>`;
    }
    const query = args?.['query'];
    if (typeof query !== 'string' || query.trim() === '' || query.includes('</execute>') || query.includes('<respond>') || query.includes('<execute>')) return undefined;
    if ((call.name === SOQL && !isSosl(query)) || (call.name === SOSL && isSosl(query))) return `${think}<execute> ${query} </execute>`;
    return undefined;
  },
};
