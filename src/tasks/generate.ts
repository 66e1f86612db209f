import type { Rng, Seed } from '../core/rng.js';
import { rngStream } from '../core/rng.js';
import { CompareRuleSchema, type CompareRule } from './compare.js';
import type { QueryInstance } from './instance.js';
import type { CompiledSplit } from './split.js';
import { fillText, type TaskTemplate } from './template.js';
import { answerIndexOf, pickEntry, type IndexEntry } from './answer-index.js';
import { chooseTools } from './offer.js';
import type { Sandbox } from './draw.js';
import { openedWith } from './conversation-instance.js';

export { TemplateError, type Sandbox } from './draw.js';

const compareRules = new WeakMap<TaskTemplate, CompareRule>();

/** A template's comparison rule with its defaults filled, parsed once per template. */
function compareRuleOf(template: TaskTemplate): CompareRule {
  let rule = compareRules.get(template);
  if (!rule) {
    rule = CompareRuleSchema.parse(template.compare);
    compareRules.set(template, rule);
  }
  return rule;
}

/**
 * Makes the instance of `template` for `seed` in `split`. The answer comes first: the seed's
 * stream picks an entry of the template's answer index over the world (answers weighted so none
 * wins often by itself, then a draw that yields the picked answer), then the text and the tools
 * offered. Pure: the same (world, template, seed, split) always gives the same instance.
 */
export function generateInstance<W, S>(sandbox: Sandbox<W, S>, template: TaskTemplate<W, S>, seed: Seed, split: CompiledSplit): QueryInstance {
  const index = answerIndexOf(sandbox, template);
  // One stream per (template, seed), read in a fixed order (answer, text, offer): keyed by the
  // template id, so no other template's instances move when this one changes.
  const rng = rngStream(seed, 'instance', template.id);
  const entry = pickEntry(index, rng.next());
  return finishInstance(sandbox, template, seed, split, rng, entry);
}

const queryTexts = new WeakMap<TaskTemplate, readonly string[]>();

/** The texts a query is picked from: the template's text, then its paraphrases. */
function textsOf(template: TaskTemplate): readonly string[] {
  let texts = queryTexts.get(template);
  if (!texts) queryTexts.set(template, (texts = template.paraphrases && template.paraphrases.length > 0 ? [template.text, ...template.paraphrases] : [template.text]));
  return texts;
}

/** The rest of the instance from the same stream: text and offered tools. */
function finishInstance<W, S>(sandbox: Sandbox<W, S>, template: TaskTemplate<W, S>, seed: Seed, split: CompiledSplit, rng: Rng, entry: IndexEntry): QueryInstance {
  const query = fillText(rng.pick(textsOf(template)), template, entry.values);
  const tools = chooseTools(sandbox, template, split, rng);
  const id = `${sandbox.envId}/${split.name}/${template.id}/${String(seed)}`;
  const solution = { calls: entry.calls as QueryInstance['solution']['calls'], answer: entry.answerText };
  const values = entry.values as QueryInstance['values'];
  // Keys in this order (an instance's JSON and hash follow it); the optional ones only when set.
  // Not an object literal: V8 pretenures a literal's allocation site once its objects outlive a
  // few scavenges (a planner or trainer holding thousands of instances), and each later instance,
  // born old and soon dead, then keeps its young id, query and tool list alive through the next
  // scavenge (~700 bytes promoted per reset in the step benchmark). `{}` has no allocation site.
  const instance = {} as QueryInstance;
  instance.id = id;
  instance.env = sandbox.envId;
  instance.template = template.id;
  instance.split = split.name;
  instance.seed = seed;
  if (sandbox.worldSeed !== undefined) instance.worldSeed = sandbox.worldSeed;
  instance.query = query;
  instance.values = values;
  instance.tools = tools;
  instance.solution = solution;
  instance.groundTruth = entry.answer;
  instance.compare = compareRuleOf(template);
  instance.params = entry.params;
  instance.context = entry.context;
  if (entry.rivals) instance.rivals = entry.rivals as string[];
  if (entry.conversation) instance.conversation = openedWith(entry.conversation, query);
  return instance;
}
