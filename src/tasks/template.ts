import type { z } from 'zod';
import type { JsonObject, JsonValue } from '../core/json.js';
import type { Rng } from '../core/rng.js';
import type { CompareRuleInput } from './compare.js';
import type { ArgSource, PathScope } from './refs.js';
import { conversationProblem, type ConversationSpec } from './conversation.js';

/** A typed, described slot in a query, and how to draw its value from the world. */
export interface Placeholder<W = any> {
  readonly schema: z.ZodType;
  readonly description: string;
  /** Draws a value; `values` holds the placeholders declared before this one. */
  readonly sample: (ctx: { world: W; rng: Rng; values: Readonly<Record<string, JsonValue>> }) => JsonValue;
  /** How the value is written into the query text (default: strings as they are, others as JSON). */
  readonly format?: (value: JsonValue) => string;
}

/** One call of a solution path. Later steps and the answer read its output by `name`. */
export interface PathStep {
  readonly name?: string;
  readonly tool: string;
  readonly args: Readonly<Record<string, ArgSource>>;
}

export interface AnswerScope<W = any, S = any> extends PathScope {
  readonly world: W;
  readonly state: S;
}

/** Which tools an instance of the template hands the agent besides the solution path's. */
export interface OfferSpec {
  /** Related tools always offered (when the split allows them). */
  readonly extra?: readonly string[];
  /** How many unrelated tools to add, drawn from the split's tools. Default 2. */
  readonly distractors?: number;
  /** Probability that a path step is offered through a non-canonical provider. Default 0.5. */
  readonly alternates?: number;
}

/**
 * A task template: placeholders, text, a solution path whose execution computes the ground truth,
 * how the answer is read off the path, how it is compared, and which tools the agent gets.
 */
export interface TaskTemplate<W = any, S = any> {
  readonly id: string;
  readonly description?: string;
  /** Grouping for splits (ToolBench category, CRMArena task). */
  readonly domain?: string;
  /** A label the environment's split definitions read, e.g. `train` or `held-out`. Default `train`. */
  readonly split?: string;
  /** The query, with `{placeholder}` slots. */
  readonly text: string;
  readonly paraphrases?: readonly string[];
  readonly placeholders: Readonly<Record<string, Placeholder<W>>>;
  readonly path: readonly PathStep[];
  readonly answer: (scope: AnswerScope<W, S>) => JsonValue;
  readonly compare: CompareRuleInput;
  readonly offer?: OfferSpec;
  /** Rejects a degenerate draw (a tie where one answer is asked, an empty result): return false or why. */
  readonly accept?: (scope: AnswerScope<W, S>) => boolean | string;
  /** For tasks whose effect matters: checks the final episode state; null when it is right, else what is wrong. */
  readonly checkState?: (scope: { state: S; world: W; values: Readonly<Record<string, JsonValue>> }) => string | null;
  /** Parameters that define the answer, recorded on the instance so outside code can recompute it. */
  readonly params?: (scope: AnswerScope<W, S>) => JsonObject;
  /**
   * The other candidates of the answer's kind (other clubs, chart entries, agent ids, months...): an
   * answer that names any of them besides the truth is wrong. Stored on the instance as `rivals`;
   * values equal to a ground-truth item are dropped at generation.
   */
  readonly rivals?: (scope: AnswerScope<W, S> & { readonly params: JsonObject }) => readonly JsonValue[];
  /**
   * The class of an answer that a constant guess could exploit when it is not the answer text itself
   * (e.g. "first" or "second" for "which of these two"; "None" or "a month"). Generation balances
   * answers by this key (default: the answer text).
   */
  readonly answerClass?: (scope: { readonly values: Readonly<Record<string, JsonValue>>; readonly answer: JsonValue }) => string;
  /** Per-instance context the environment's prompts read (policy text, today's date, ...). */
  readonly context?: (scope: AnswerScope<W, S>) => JsonObject;
  /** Makes the task multi-turn: a simulated user who withholds, answers, follows up and corrects (see conversationTemplate). */
  readonly conversation?: ConversationSpec<W, S>;
}

const SLOT = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function slotsOf(text: string): string[] {
  return [...text.matchAll(SLOT)].map((m) => m[1]!);
}

export function stepName(step: PathStep, index: number): string {
  return step.name ?? `step${index + 1}`;
}

/** Checks what can be checked without the tools: slots, step names, references. Throws with the template id. */
export function defineTemplate<W = any, S = any>(template: TaskTemplate<W, S>): TaskTemplate<W, S> {
  const fail = (why: string): never => {
    throw new Error(`template ${JSON.stringify(template.id)}: ${why}`);
  };
  if (!/^[A-Za-z0-9_.:-]+$/.test(template.id)) fail('id must be letters, digits, _ . : -');
  for (const text of [template.text, ...(template.paraphrases ?? [])]) {
    for (const slot of slotsOf(text)) {
      if (!(slot in template.placeholders)) fail(`text slot {${slot}} has no placeholder`);
    }
  }
  if (template.path.length === 0) fail('the solution path is empty');
  const seen = new Set<string>();
  template.path.forEach((step, i) => {
    const name = stepName(step, i);
    if (seen.has(name)) fail(`two path steps are named ${name}`);
    for (const [arg, source] of Object.entries(step.args)) {
      if (source.from === 'placeholder' && !(source.name in template.placeholders)) fail(`step ${name} argument ${arg} reads unknown placeholder ${source.name}`);
      if (source.from === 'output' && !seen.has(source.step)) fail(`step ${name} argument ${arg} reads step ${source.step}, which does not come before it`);
      if (source.from === 'compute') for (const used of source.uses ?? []) if (!seen.has(used)) fail(`step ${name} argument ${arg} computes from step ${used}, which does not come before it`);
    }
    seen.add(name);
  });
  const problem = conversationProblem(template);
  if (problem !== null) fail(`conversation: ${problem}`);
  return template;
}

/** Texts split at their slots (literal, slot name, literal, ...), for the few texts templates hold; bounded for any others. */
const textParts = new Map<string, readonly string[]>();
const MAX_TEXT_PARTS = 4096;

function partsOf(text: string): readonly string[] {
  let parts = textParts.get(text);
  if (parts === undefined) {
    const split: string[] = [];
    let last = 0;
    for (const match of text.matchAll(SLOT)) {
      split.push(text.slice(last, match.index), match[1]!);
      last = match.index + match[0].length;
    }
    split.push(text.slice(last));
    parts = split;
    if (textParts.size < MAX_TEXT_PARTS) textParts.set(text, parts);
  }
  return parts;
}

/** The text with each `{slot}` replaced by its value (the placeholder's format, else the string or its JSON). */
export function fillText(text: string, template: TaskTemplate, values: Readonly<Record<string, JsonValue>>): string {
  const parts = partsOf(text);
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    const value = values[name] as JsonValue;
    const format = template.placeholders[name]?.format;
    out += `${format ? format(value) : typeof value === 'string' ? value : JSON.stringify(value)}${parts[i + 1]!}`;
  }
  return out;
}
