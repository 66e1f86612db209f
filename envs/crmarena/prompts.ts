import { BUILTIN_PARSERS } from '../../src/actions/formats.js';
import type { PromptContext } from '../../src/core/environment.js';
import type { Org } from './org/org.js';
import { OBJECT_NAMES } from './org/records.js';
import { REACT_TAGS_FORMAT } from './react-tags.js';

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Each object and its fields, read off the org itself. */
function schemaSummary(org: Org): string {
  return OBJECT_NAMES.map((name) => {
    const first = org.tables[name][0];
    return `- ${name}: ${first ? Object.keys(first).join(', ') : '(empty)'}`;
  }).join('\n');
}

function actionInstructions(format: string): string {
  if (format === REACT_TAGS_FORMAT) {
    return [
      '# How to act',
      'Each turn, write one thought and one action, nothing else:',
      '<thought> one line of reasoning </thought>',
      '<execute> a SOQL query, or a SOSL search starting with FIND </execute>',
      'or, when you know the answer:',
      '<thought> ... </thought>',
      '<respond> the answer </respond>',
      'The result of each query comes back as the next message. Never write the result yourself.',
    ].join('\n');
  }
  const lines = ['# How to act', 'Look things up with the functions offered, one call per turn. When you know the answer, call respond with only the answer as content.'];
  const parser = BUILTIN_PARSERS[format];
  if (format !== 'openai' && parser) lines.push(`Write each call in this format:\n${parser.hint}`);
  return lines.join('\n');
}

/** The system prompt: role, today, the task's policy and domain details, how to answer and act, the org's objects. */
export function systemPrompt(ctx: PromptContext<Org>): string {
  const c = ctx.instance.context;
  const texts: PromptTexts = [ctx.world.today, text(c['task_name']), text(c['task']), text(c['policy']), text(c['domain_details'])];
  let shelf = promptsByOrg.get(ctx.world);
  if (shelf === undefined) promptsByOrg.set(ctx.world, (shelf = new PromptShelf()));
  return shelf.find(ctx.actionFormat, texts) ?? shelf.keep(ctx.actionFormat, texts, writePrompt(ctx.world, ctx.actionFormat, texts));
}

/** What a prompt is written from besides the org and the action format: today, and the task's name, code, policy and domain details. */
export type PromptTexts = readonly [today: string, taskName: string, task: string, policy: string, domainDetails: string];

/**
 * The prompts written so far, per org: an episode's prompt is a function of the org, the action
 * format and the texts above, which repeat from episode to episode (one set per task template), so
 * a reset reads it instead of joining 8-10k characters afresh (most of a CRMArena reset's garbage).
 */
const promptsByOrg = new WeakMap<Org, PromptShelf>();

interface PromptEntry {
  readonly format: string;
  readonly texts: PromptTexts;
  readonly prompt: string;
}

/** An org's prompts, the oldest replaced once it holds MAX_ENTRIES. */
class PromptShelf {
  static readonly MAX_ENTRIES = 64;
  readonly #entries: PromptEntry[] = [];
  #next = 0;

  find(format: string, texts: PromptTexts): string | undefined {
    for (const entry of this.#entries) if (entry.format === format && sameTexts(entry.texts, texts)) return entry.prompt;
    return undefined;
  }

  keep(format: string, texts: PromptTexts, prompt: string): string {
    const entry = { format, texts, prompt };
    if (this.#entries.length < PromptShelf.MAX_ENTRIES) this.#entries.push(entry);
    else {
      this.#entries[this.#next] = entry;
      this.#next = (this.#next + 1) % PromptShelf.MAX_ENTRIES;
    }
    return prompt;
  }
}

function sameTexts(a: PromptTexts, b: PromptTexts): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The prompt written afresh from the org, the action format and the texts (what systemPrompt keeps per org). */
export function writePrompt(org: Org, format: string, [today, taskName, task, policy, domainDetails]: PromptTexts): string {
  return [
    'You are a service analyst at Shoes & Clothings, a sports apparel and footwear retailer. You answer questions from colleagues using the company\'s Salesforce CRM org, which you can only read.',
    `Today's date is ${today}.`,
    '',
    `# Task: ${taskName} (${task})`,
    policy,
    '',
    domainDetails,
    '',
    '# Answering',
    '- Give only the answer: a record Id, several Ids separated by commas, a month name, two-letter state codes or a short phrase. No sentences around it.',
    "- If nothing qualifies, answer None.",
    '',
    actionInstructions(format),
    '',
    '# Objects in the org and their fields',
    schemaSummary(org),
  ].join('\n');
}
