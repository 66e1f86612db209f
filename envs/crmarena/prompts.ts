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
  return [
    'You are a service analyst at Shoes & Clothings, a sports apparel and footwear retailer. You answer questions from colleagues using the company\'s Salesforce CRM org, which you can only read.',
    `Today's date is ${ctx.world.today}.`,
    '',
    `# Task: ${text(c['task_name'])} (${text(c['task'])})`,
    text(c['policy']),
    '',
    text(c['domain_details']),
    '',
    '# Answering',
    '- Give only the answer: a record Id, several Ids separated by commas, a month name, two-letter state codes or a short phrase. No sentences around it.',
    "- If nothing qualifies, answer None.",
    '',
    actionInstructions(ctx.actionFormat),
    '',
    '# Objects in the org and their fields',
    schemaSummary(ctx.world),
  ].join('\n');
}

