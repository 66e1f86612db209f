import { stableJson, type JsonValue } from '../core/json.js';
import type { Rng } from '../core/rng.js';
import { answerText, CompareRuleSchema } from './compare.js';
import { intentNeeds, intentSteps, isCorrection, type IntentSpec, type TopicSpec } from './conversation.js';
import type { Conversation, ConversationIntent, ConversationTopic, SolutionCall } from './instance.js';
import { fillText, slotsOf, stepName, type AnswerScope, type TaskTemplate } from './template.js';

/** One run of a template's whole path: its calls (one per step) and the scope its answers read. */
export interface PathRun<W, S> {
  readonly calls: SolutionCall[];
  readonly scope: AnswerScope<W, S>;
}

/** How many new values a correction may draw before the draw is rejected (each must change the answer). */
const CORRECTION_DRAWS = 12;

/** Words of a cue or a message as the user compares them: lower case, letters and digits, single spaces. */
export function cueText(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

function defaultReplies(label: string): string[] {
  return [`The ${label} is {value}.`, `It's {value}, for the ${label}.`, `${label.charAt(0).toUpperCase()}${label.slice(1)}: {value}.`];
}

const say = (template: TaskTemplate, values: Readonly<Record<string, JsonValue>>, name: string): string => fillText(`{${name}}`, template, values);

function topicOf(template: TaskTemplate, name: string, spec: TopicSpec, values: Readonly<Record<string, JsonValue>>, withheld: boolean, saidBy: number | null): ConversationTopic {
  const value = say(template, values, name);
  const cues = [...new Set([spec.label, name.replace(/_/g, ' '), ...(spec.cues ?? [])].map(cueText).filter((c) => c !== ''))];
  const replies = withheld ? (spec.replies ?? defaultReplies(spec.label)).map((r) => r.replaceAll('{value}', value)) : [];
  return { name, label: spec.label, cues, value, withheld, saidBy, replies };
}

const callKey = (call: SolutionCall): string => `${call.tool}\u0000${stableJson(call.arguments)}`;

/**
 * The conversation of one draw: its topics, and for each intent its text, needs, new calls and
 * ground truth. A correction draws its new value from `rng` until the answer changes, re-running
 * the path with it; when no value changes the answer the draw is rejected. The first intent's text
 * is the query, set later by `openedWith`.
 */
export function buildConversation<W, S>(
  template: TaskTemplate<W, S>,
  run: PathRun<W, S>,
  rng: Rng,
  rerun: (values: Readonly<Record<string, JsonValue>>) => PathRun<W, S> | { why: string },
  world: W,
): Conversation | { why: string } {
  const spec = template.conversation!;
  const withheld = new Set(spec.withhold);
  const turns = spec.intents;
  const saidBy = new Map<string, number>();
  turns.forEach((turn, i) => {
    for (const slot of slotsOf(turn.text[0]!)) if (!saidBy.has(slot) && !withheld.has(slot)) saidBy.set(slot, i);
  });
  const values = run.scope.values;
  const topics = Object.entries(spec.topics).map(([name, topic]) => topicOf(template, name, topic, values, withheld.has(name), saidBy.get(name) ?? null));
  const stepIndex = new Map(template.path.map((step, i) => [stepName(step, i), i]));
  const made = new Set<string>();
  const intents: ConversationIntent[] = [];
  for (let i = 0; i < turns.length; i++) {
    const turn = turns[i]!;
    let current = run;
    let sets: ConversationIntent['sets'];
    let answerSpec: IntentSpec<W, S>;
    if (isCorrection(turn)) {
      answerSpec = turns.find((t) => t.id === turn.redo) as IntentSpec<W, S>;
      const before = answerText(intents[turns.indexOf(answerSpec)]!.groundTruth);
      let found: PathRun<W, S> | null = null;
      for (let k = 0; k < CORRECTION_DRAWS && found === null; k++) {
        const value = turn.sample({ world, rng: rng.child(`correction/${turn.id}/${k}`), values });
        if (stableJson(value) === stableJson(values[turn.placeholder] ?? null)) continue;
        const again = rerun({ ...values, [turn.placeholder]: value });
        if ('why' in again) continue;
        const accepted = template.accept ? template.accept(again.scope) : true;
        if (accepted === true && answerText(answerSpec.answer(again.scope)) !== before) found = again;
      }
      if (found === null) return { why: `correction ${turn.id}: no new ${turn.placeholder} changes the answer` };
      current = found;
      sets = { topic: turn.placeholder, value: say(template, current.scope.values, turn.placeholder) };
    } else {
      answerSpec = turn;
    }
    const calls: SolutionCall[] = [];
    for (const name of intentSteps(template, turn, turns)) {
      const call = current.calls[stepIndex.get(name)!]!;
      const key = callKey(call);
      if (made.has(key)) continue;
      made.add(key);
      calls.push(call);
    }
    const groundTruth = answerSpec.answer(current.scope);
    if (groundTruth === undefined) return { why: `intent ${turn.id}: answer() returned undefined` };
    const text = i === 0 ? '' : fillText(rng.child(`text/${turn.id}`).pick(turn.text), template, current.scope.values);
    intents.push({
      id: turn.id,
      text,
      needs: intentNeeds(template, turn, turns),
      calls,
      answer: answerText(groundTruth),
      groundTruth,
      compare: CompareRuleSchema.parse(answerSpec.compare),
      ...(sets ? { sets } : {}),
    });
  }
  return { topics, intents };
}

/** The conversation with the query as its first intent's text. */
export function openedWith(conversation: Conversation, query: string): Conversation {
  return { topics: conversation.topics, intents: conversation.intents.map((intent, i) => (i === 0 ? { ...intent, text: query } : intent)) };
}

/** The ground truth as shown to people: the answer, or for a multi-turn instance each intent's ("day: 2024-06-18; amount: 4.2"). */
export function truthText(instance: { solution: { answer: string }; conversation?: Conversation | undefined }): string {
  return instance.conversation ? instance.conversation.intents.map((intent) => `${intent.id}: ${intent.answer}`).join('; ') : instance.solution.answer;
}
