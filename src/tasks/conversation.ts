import type { JsonValue } from '../core/json.js';
import type { Rng } from '../core/rng.js';
import type { CompareRuleInput } from './compare.js';
import { slotsOf, stepName, type AnswerScope, type PathStep, type TaskTemplate } from './template.js';

/**
 * How the simulated user talks about one placeholder: the word it uses for it, and the words and
 * phrases by which it recognises a question about it in the agent's message.
 */
export interface TopicSpec {
  /** What the user calls it ("city", "number of guests"); always a cue. */
  readonly label: string;
  /** Synonyms and descriptions the user also recognises ("where", "which town", "location"). */
  readonly cues?: readonly string[];
  /** How the user gives a withheld value when asked; `{value}` is the value. Default: three plain forms naming the label. */
  readonly replies?: readonly string[];
}

/** One request of the user. The first is the opening turn; each later one comes after the one before it is answered. */
export interface IntentSpec<W = any, S = any> {
  readonly id: string;
  /** The user's turn that asks it (one is drawn per instance). Slots are placeholders; a withheld one may not appear. */
  readonly text: readonly string[];
  /** The path steps that answer it (by name; default all). A later intent's steps may read an earlier one's outputs. */
  readonly steps?: readonly string[];
  /** Placeholders it needs beyond those its steps read directly (e.g. read inside a computed argument). */
  readonly needs?: readonly string[];
  readonly answer: (scope: AnswerScope<W, S>) => JsonValue;
  readonly compare: CompareRuleInput;
}

/**
 * The user changes one detail after `redo` is answered and asks it again: the same steps and
 * answer rule with the placeholder's new value (sampled so that the answer changes).
 */
export interface CorrectionSpec<W = any> {
  readonly id: string;
  readonly redo: string;
  readonly placeholder: string;
  /** Draws the new value; `values` are the instance's, so it can avoid the old one. */
  readonly sample: (ctx: { world: W; rng: Rng; values: Readonly<Record<string, JsonValue>> }) => JsonValue;
  /** The user's turn; slots read the values with the new one in place. */
  readonly text: readonly string[];
}

export type ConversationTurn<W = any, S = any> = IntentSpec<W, S> | CorrectionSpec<W>;

/** What makes a template multi-turn: the user's topics, what it keeps back, and its requests in order. */
export interface ConversationSpec<W = any, S = any> {
  /** Every placeholder the user can be asked about. */
  readonly topics: Readonly<Record<string, TopicSpec>>;
  /** Placeholders the user leaves out until the agent asks for them. */
  readonly withhold: readonly string[];
  /** The requests in the order the user makes them; the first is an IntentSpec. */
  readonly intents: readonly ConversationTurn<W, S>[];
}

export function isCorrection<W, S>(turn: ConversationTurn<W, S>): turn is CorrectionSpec<W> {
  return 'redo' in turn;
}

/** A multi-turn template: a template whose text, answer and compare rule are its first intent's. */
export type ConversationTemplateInput<W, S> = Omit<TaskTemplate<W, S>, 'text' | 'paraphrases' | 'answer' | 'compare' | 'conversation'> & {
  readonly conversation: ConversationSpec<W, S>;
};

/** The template of a multi-turn task (its first intent is its text, answer and comparison). */
export function conversationTemplate<W, S>(input: ConversationTemplateInput<W, S>): TaskTemplate<W, S> {
  const first = input.conversation.intents[0];
  if (first === undefined || isCorrection(first)) throw new Error(`template ${JSON.stringify(input.id)}: the first turn of a conversation must be an intent`);
  const [text, ...paraphrases] = first.text;
  if (text === undefined) throw new Error(`template ${JSON.stringify(input.id)}: intent ${first.id} has no text`);
  return { ...input, text, paraphrases, answer: first.answer, compare: first.compare };
}

/** The steps each turn runs (a correction runs its redo's), by turn index. */
export function intentSteps(template: TaskTemplate, turn: ConversationTurn, turns: readonly ConversationTurn[]): string[] {
  const spec = isCorrection(turn) ? (turns.find((t) => t.id === turn.redo) as IntentSpec) : turn;
  return spec.steps ? [...spec.steps] : template.path.map(stepName);
}

/** The placeholders a turn's steps read directly, plus its declared needs. */
export function intentNeeds(template: TaskTemplate, turn: ConversationTurn, turns: readonly ConversationTurn[]): string[] {
  const spec = isCorrection(turn) ? (turns.find((t) => t.id === turn.redo) as IntentSpec) : turn;
  const steps = new Set(intentSteps(template, turn, turns));
  const needs = new Set<string>(spec.needs ?? []);
  template.path.forEach((step: PathStep, i) => {
    if (!steps.has(stepName(step, i))) return;
    for (const source of Object.values(step.args)) if (source.from === 'placeholder') needs.add(source.name);
  });
  return [...needs];
}

/** Checks a conversation against its template; returns what is wrong, or null. */
export function conversationProblem(template: TaskTemplate): string | null {
  const spec = template.conversation;
  if (!spec) return null;
  const names = new Set(Object.keys(template.placeholders));
  for (const name of Object.keys(spec.topics)) if (!names.has(name)) return `topic ${name} is not a placeholder`;
  for (const name of names) if (!(name in spec.topics)) return `placeholder ${name} has no topic (how would the user recognise a question about it?)`;
  for (const [name, topic] of Object.entries(spec.topics)) {
    if (topic.label.trim() === '') return `topic ${name} has an empty label`;
    for (const reply of topic.replies ?? []) if (!reply.includes('{value}')) return `a reply of topic ${name} does not give {value}`;
  }
  const withheld = new Set(spec.withhold);
  for (const name of withheld) if (!names.has(name)) return `withheld ${name} is not a placeholder`;
  const stepNames = new Set(template.path.map(stepName));
  const ids = new Set<string>();
  const said = new Set<string>();
  for (let i = 0; i < spec.intents.length; i++) {
    const turn = spec.intents[i]!;
    if (ids.has(turn.id)) return `two intents are named ${turn.id}`;
    if (turn.text.length === 0) return `intent ${turn.id} has no text`;
    if (isCorrection(turn)) {
      if (i === 0) return 'the first turn must be an intent, not a correction';
      if (i !== spec.intents.length - 1) return `correction ${turn.id} must be the last turn (later intents would read stale values)`;
      if (!ids.has(turn.redo)) return `correction ${turn.id} redoes ${turn.redo}, which does not come before it`;
      if (!names.has(turn.placeholder)) return `correction ${turn.id} changes unknown placeholder ${turn.placeholder}`;
    } else {
      for (const step of turn.steps ?? []) if (!stepNames.has(step)) return `intent ${turn.id} names unknown step ${step}`;
      for (const need of turn.needs ?? []) if (!names.has(need)) return `intent ${turn.id} needs unknown placeholder ${need}`;
    }
    const slots = new Set(turn.text.flatMap(slotsOf));
    for (const slot of slots) {
      if (withheld.has(slot) && !(isCorrection(turn) && turn.placeholder === slot)) return `intent ${turn.id} text says withheld ${slot}`;
      said.add(slot);
    }
    for (const text of turn.text) if (new Set(slotsOf(text)).size !== slots.size) return `the texts of intent ${turn.id} do not all say the same placeholders`;
    for (const need of intentNeeds(template, turn, spec.intents)) {
      if (!withheld.has(need) && !said.has(need)) return `intent ${turn.id} needs ${need}, which the user neither says by then nor can be asked for`;
    }
    ids.add(turn.id);
  }
  return null;
}
