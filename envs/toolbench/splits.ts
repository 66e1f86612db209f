import type { SplitDefinition, TaskTemplate, Tool } from '../../src/index.js';
import type { Domain } from './domains.js';
import { standardize } from './naming.js';

/**
 * ToolEval's generalisation levels. Held-out categories appear only in `unseen-category`; held-out
 * providers are alternates of seen capabilities and appear only in `unseen-tool`.
 */
export const HELD_OUT_DOMAINS: readonly Domain[] = ['Education', 'Science'];

export const HELD_OUT_PROVIDERS: readonly string[] = [
  'MovieDB', 'Deezer', 'Open Weather Map', 'Zillow', 'TheSportsDB', 'Twelve Data', 'Bing News Search', 'Tripadvisor', 'Kayak', 'eBay', 'Indeed', 'MongoDB Atlas Data API',
].map(standardize);

export const SPLIT_NAMES = ['train', 'unseen-instruction', 'unseen-tool', 'unseen-category', 'multi-turn'] as const;
export type SplitName = (typeof SPLIT_NAMES)[number];

const heldOutDomain = (domain: string | undefined): boolean => domain !== undefined && (HELD_OUT_DOMAINS as readonly string[]).includes(domain);
const heldOutProvider = (tool: Tool): boolean => tool.provider !== undefined && HELD_OUT_PROVIDERS.includes(tool.provider);
const label = (template: TaskTemplate): string => template.split ?? 'train';

/** Is this tool never offered in training (a held-out provider or a held-out category's tool)? */
export function isHeldOutTool(tool: Tool): boolean {
  return heldOutProvider(tool) || heldOutDomain(tool.domain);
}

/** Is this template never drawn in training (a held-out instruction or a held-out category's)? */
export function isHeldOutTemplate(template: TaskTemplate): boolean {
  return label(template) !== 'train' || heldOutDomain(template.domain);
}

export function toolbenchSplits(tools: readonly Tool[]): Record<SplitName, SplitDefinition> {
  const toolByName = new Map(tools.map((t) => [t.name, t]));
  const heldOutCapabilities = new Set(tools.filter((t) => heldOutProvider(t) && t.capability !== undefined).map((t) => t.capability!));
  const seenTool = (tool: Tool): boolean => !isHeldOutTool(tool);
  const touchesHeldOutProvider = (template: TaskTemplate): boolean =>
    template.path.some((step) => {
      const capability = toolByName.get(step.tool)?.capability;
      return capability !== undefined && heldOutCapabilities.has(capability);
    });
  return {
    train: {
      description: 'Seen categories, training instructions, seen providers.',
      templates: (t) => !heldOutDomain(t.domain) && label(t) === 'train',
      tools: seenTool,
    },
    'unseen-instruction': {
      description: 'Held-out instructions (templates) over the seen tools of seen categories (ToolEval G1 instruction).',
      templates: (t) => !heldOutDomain(t.domain) && label(t) === 'unseen-instruction',
      tools: seenTool,
    },
    'unseen-tool': {
      description: 'Seen categories, but every capability that has a held-out provider is offered only through it (ToolEval G1 tool).',
      templates: (t) => !heldOutDomain(t.domain) && label(t) !== 'multi-turn' && touchesHeldOutProvider(t),
      tools: (tool) => {
        if (heldOutDomain(tool.domain)) return false;
        if (heldOutProvider(tool)) return true;
        return tool.capability === undefined || !heldOutCapabilities.has(tool.capability);
      },
    },
    'unseen-category': {
      description: 'Held-out categories: their tools and templates appear only here; seen tools may be offered as distractors (ToolEval G1 category).',
      templates: (t) => heldOutDomain(t.domain) && label(t) !== 'multi-turn',
      tools: (tool) => !heldOutProvider(tool),
    },
    'multi-turn': {
      description: 'Multi-turn tasks over the seen tools of seen categories: a simulated user who keeps details back until asked, follows up and corrects itself.',
      templates: (t) => label(t) === 'multi-turn',
      tools: seenTool,
      role: 'train',
    },
  };
}
