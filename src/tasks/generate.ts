import type { Rng, Seed } from '../core/rng.js';
import { rngStream } from '../core/rng.js';
import { CompareRuleSchema, type CompareRule } from './compare.js';
import type { QueryInstance } from './instance.js';
import type { CompiledSplit } from './split.js';
import { fillText, type TaskTemplate } from './template.js';
import { answerIndexOf, pickEntry, type IndexEntry } from './answer-index.js';
import { standIns } from './realise.js';
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

/** The rest of the instance from the same stream: text and offered tools. */
function finishInstance<W, S>(sandbox: Sandbox<W, S>, template: TaskTemplate<W, S>, seed: Seed, split: CompiledSplit, rng: Rng, entry: IndexEntry): QueryInstance {
  const texts = template.paraphrases && template.paraphrases.length > 0 ? [template.text, ...template.paraphrases] : [template.text];
  const query = fillText(rng.pick(texts), template, entry.values);
  const tools = chooseTools(sandbox, template, split, rng);
  return {
    id: `${sandbox.envId}/${split.name}/${template.id}/${String(seed)}`,
    env: sandbox.envId,
    template: template.id,
    split: split.name,
    seed,
    ...(sandbox.worldSeed !== undefined ? { worldSeed: sandbox.worldSeed } : {}),
    query,
    values: entry.values as QueryInstance['values'],
    tools,
    solution: { calls: entry.calls as QueryInstance['solution']['calls'], answer: entry.answerText },
    groundTruth: entry.answer,
    compare: compareRuleOf(template),
    params: entry.params,
    context: entry.context,
    ...(entry.rivals ? { rivals: entry.rivals as string[] } : {}),
    ...(entry.conversation ? { conversation: openedWith(entry.conversation, query) } : {}),
  };
}

/**
 * The tools offered: for each path step a provider allowed by the split (often not the canonical
 * one), the template's extra tools, seeded distractors, then the terminal tool last.
 */
export function chooseTools(sandbox: Sandbox, template: TaskTemplate, split: CompiledSplit, rng: Rng): string[] {
  const chosen = new Set<string>();
  const alternates = template.offer?.alternates ?? 0.5;
  for (const step of template.path) {
    if (chosen.has(step.tool)) continue;
    const entry = sandbox.registry.get(step.tool)!;
    const providers = standIns(sandbox.registry, entry.tool).filter((p) => split.tools.has(p.name));
    const others = providers.filter((p) => p.name !== step.tool);
    const canonicalAllowed = split.tools.has(step.tool);
    const useAlternate = others.length > 0 && (!canonicalAllowed || rng.chance(alternates));
    const pick = useAlternate ? rng.pick(others).name : step.tool;
    chosen.add(pick);
    if (providers.length > 1 && rng.chance(0.25)) chosen.add(rng.pick(providers).name);
  }
  for (const extra of template.offer?.extra ?? []) if (split.tools.has(extra)) chosen.add(extra);
  const wanted = template.offer?.distractors ?? 2;
  if (wanted > 0) {
    const pool = split.distractorPool.filter((name) => !chosen.has(name));
    for (const name of rng.sample(pool, wanted)) chosen.add(name);
  }
  const ordered = rng.shuffle([...chosen]);
  ordered.push(sandbox.finishTool);
  return ordered;
}
