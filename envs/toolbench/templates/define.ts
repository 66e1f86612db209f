import { conversationTemplate, defineTemplate, type ConversationTemplateInput, type JsonValue, type Rng, type TaskTemplate } from '../../../src/index.js';
import type { Domain } from '../domains.js';
import type { ToolBenchState } from '../state.js';
import { writeMask, writesOutside, type WriteChannel } from './side-effects.js';
import type { ToolBenchWorld } from '../world/world.js';

/** Which held-out group a template of a seen domain belongs to (ToolEval's G1 instruction split). */
export type TemplateLabel = 'train' | 'unseen-instruction' | 'multi-turn';

export type ToolBenchTemplate = TaskTemplate<ToolBenchWorld, ToolBenchState> & {
  readonly domain: Domain;
  readonly split: TemplateLabel;
  /** The parts of the state the task asks to change; any other write makes the episode fail. Default none. */
  readonly writes?: readonly WriteChannel[];
};

/**
 * Checks a template and makes its final-state check exact: besides the template's own check of what
 * it asked to write, nothing outside its declared `writes` may have changed (read-only tasks included).
 */
export function toolbenchTemplate(template: ToolBenchTemplate): ToolBenchTemplate {
  const own = template.checkState;
  const allowed = writeMask(template.writes ?? []);
  return defineTemplate({ ...template, checkState: (scope) => writesOutside(scope.state, allowed) ?? (own ? own(scope) : null) }) as ToolBenchTemplate;
}

/** A multi-turn ToolBench template (its own `multi-turn` split): see conversationTemplate. */
export function toolbenchConversation(template: ConversationTemplateInput<ToolBenchWorld, ToolBenchState> & { readonly domain: Domain; readonly writes?: readonly WriteChannel[] }): ToolBenchTemplate {
  return toolbenchTemplate({ ...(conversationTemplate(template) as ToolBenchTemplate), split: 'multi-turn' });
}

/** A step's output, read as the canonical tool's output type. */
export function output<T>(outputs: Readonly<Record<string, JsonValue>>, step: string): T {
  return outputs[step] as unknown as T;
}

/** The one item with the largest key, or null when the largest is shared (an ambiguous question). */
export function uniqueMax<T>(items: readonly T[], key: (item: T) => number): T | null {
  let best: T | null = null;
  let bestKey = -Infinity;
  let tie = false;
  for (const item of items) {
    const k = key(item);
    if (k > bestKey) {
      best = item;
      bestKey = k;
      tie = false;
    } else if (k === bestKey) tie = true;
  }
  return tie ? null : best;
}

export function uniqueMin<T>(items: readonly T[], key: (item: T) => number): T | null {
  return uniqueMax(items, (item) => -key(item));
}

export const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** What a placeholder sampler receives. */
export interface SampleScope {
  readonly world: ToolBenchWorld;
  readonly rng: Rng;
  readonly values: Readonly<Record<string, JsonValue>>;
}

export type Outputs = Readonly<Record<string, JsonValue>>;
