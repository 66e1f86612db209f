import type { Rng } from '../core/rng.js';
import type { ToolRegistry } from '../tools/registry.js';
import type { Sandbox } from './draw.js';
import { standIns } from './realise.js';
import type { CompiledSplit } from './split.js';
import type { TaskTemplate } from './template.js';

/** What a path step may be offered as in a split: fixed per (template, split, registry). */
interface StepOffer {
  readonly tool: string;
  /** The step's stand-ins the split allows (the step's own tool among them when allowed). */
  readonly providers: readonly string[];
  /** The allowed stand-ins other than the step's own tool. */
  readonly others: readonly string[];
  readonly canonicalAllowed: boolean;
}

interface OfferPlan {
  readonly registry: ToolRegistry;
  readonly steps: readonly StepOffer[];
  /** The template's extra tools the split allows, in the template's order. */
  readonly extra: readonly string[];
}

const plans = new WeakMap<CompiledSplit, WeakMap<TaskTemplate, OfferPlan>>();

function planOf(registry: ToolRegistry, template: TaskTemplate, split: CompiledSplit): OfferPlan {
  let byTemplate = plans.get(split);
  if (!byTemplate) plans.set(split, (byTemplate = new WeakMap()));
  const known = byTemplate.get(template);
  if (known !== undefined && known.registry === registry) return known;
  const steps: StepOffer[] = [];
  for (const step of template.path) {
    const providers = standIns(registry, registry.get(step.tool)!.tool)
      .filter((p) => split.tools.has(p.name))
      .map((p) => p.name);
    steps.push({ tool: step.tool, providers, others: providers.filter((name) => name !== step.tool), canonicalAllowed: split.tools.has(step.tool) });
  }
  const extra = (template.offer?.extra ?? []).filter((name) => split.tools.has(name));
  const plan = { registry, steps, extra };
  byTemplate.set(template, plan);
  return plan;
}

/**
 * The tools offered: for each path step a provider allowed by the split (often not the canonical
 * one), the template's extra tools, seeded distractors, then the terminal tool last.
 */
export function chooseTools(sandbox: Sandbox, template: TaskTemplate, split: CompiledSplit, rng: Rng): string[] {
  const plan = planOf(sandbox.registry, template, split);
  const chosen = new Set<string>();
  const alternates = template.offer?.alternates ?? 0.5;
  for (const step of plan.steps) {
    if (chosen.has(step.tool)) continue;
    const useAlternate = step.others.length > 0 && (!step.canonicalAllowed || rng.chance(alternates));
    chosen.add(useAlternate ? rng.pick(step.others) : step.tool);
    if (step.providers.length > 1 && rng.chance(0.25)) chosen.add(rng.pick(step.providers));
  }
  for (const extra of plan.extra) chosen.add(extra);
  const wanted = template.offer?.distractors ?? 2;
  if (wanted > 0) for (const name of sampleExcept(rng, split.distractorPool, wanted, chosen)) chosen.add(name);
  const ordered = rng.shuffle([...chosen]);
  ordered.push(sandbox.finishTool);
  return ordered;
}

const positions = new WeakMap<readonly string[], ReadonlyMap<string, number>>();

/** Each item's first position in a list of distinct names (made once per list). */
function positionsOf(items: readonly string[]): ReadonlyMap<string, number> {
  let map = positions.get(items);
  if (!map) {
    const made = new Map<string, number>();
    items.forEach((item, i) => {
      if (!made.has(item)) made.set(item, i);
    });
    positions.set(items, (map = made));
  }
  return map;
}

/**
 * `rng.sample(items.filter((x) => !excluded.has(x)), k)` with the same draws, without copying
 * `items` twice: the partial Fisher-Yates runs over the filtered positions with the swaps it made
 * kept aside. `items` holds distinct names (a split's distractor pool).
 */
export function sampleExcept(rng: Rng, items: readonly string[], k: number, excluded: ReadonlySet<string>): string[] {
  const where = positionsOf(items);
  // The excluded names' positions in items, ascending (insertion sort: a handful).
  const skipped: number[] = [];
  for (const name of excluded) {
    const at = where.get(name);
    if (at === undefined) continue;
    let i = skipped.length;
    skipped.push(at);
    for (; i > 0 && skipped[i - 1]! > at; i--) skipped[i] = skipped[i - 1]!;
    skipped[i] = at;
  }
  const length = items.length - skipped.length;
  const n = Math.max(0, Math.min(k, length));
  const out: string[] = [];
  // Positions (of the filtered list) a swap wrote to, and what it wrote.
  const movedTo: number[] = [];
  const moved: string[] = [];
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rng.next() * (length - i));
    const picked = filteredAt(items, skipped, movedTo, moved, j);
    const displaced = filteredAt(items, skipped, movedTo, moved, i);
    const slot = movedTo.indexOf(j);
    if (slot >= 0) moved[slot] = displaced;
    else {
      movedTo.push(j);
      moved.push(displaced);
    }
    out.push(picked);
  }
  return out;
}

/** The filtered list's item at position i after the swaps so far. */
function filteredAt(items: readonly string[], skipped: readonly number[], movedTo: readonly number[], moved: readonly string[], i: number): string {
  const slot = movedTo.indexOf(i);
  if (slot >= 0) return moved[slot]!;
  let index = i;
  for (const skip of skipped) {
    if (skip > index) break;
    index++;
  }
  return items[index]!;
}
