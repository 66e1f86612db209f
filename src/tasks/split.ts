import type { Tool } from '../tools/tool.js';
import type { TaskTemplate } from './template.js';

/** A split: which templates it draws instances from and which tools its instances may offer. */
export interface SplitDefinition {
  readonly description: string;
  readonly templates: (template: TaskTemplate) => boolean;
  readonly tools: (tool: Tool) => boolean;
  /**
   * Which world pool its episodes play in: `train` worlds or held-out `eval` worlds (default: train
   * for the env's default split, eval for every other split).
   */
  readonly role?: SplitRole;
}

export type SplitRole = 'train' | 'eval';

export interface CompiledSplit {
  readonly name: string;
  readonly description: string;
  readonly role: SplitRole;
  readonly templates: readonly TaskTemplate[];
  readonly tools: ReadonlySet<string>;
  /** The split's non-terminal tools, in registry order: the pool distractors are drawn from. */
  readonly distractorPool: readonly string[];
}

export function compileSplit(name: string, definition: SplitDefinition, templates: readonly TaskTemplate[], tools: readonly Tool[], defaultRole: SplitRole = 'eval'): CompiledSplit {
  const allowed = tools.filter((t) => definition.tools(t));
  return {
    name,
    description: definition.description,
    role: definition.role ?? defaultRole,
    templates: templates.filter((t) => definition.templates(t)),
    tools: new Set(allowed.map((t) => t.name)),
    distractorPool: allowed.filter((t) => t.terminal !== true).map((t) => t.name),
  };
}
