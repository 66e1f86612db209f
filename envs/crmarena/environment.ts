import { defineEnvironment, type Environment } from '../../src/core/environment.js';
import { buildOrg } from './org/build.js';
import { OrgOptionsSchema } from './org/options.js';
import { orgToJson } from './org/to-json.js';
import type { Org } from './org/org.js';
import { observeCrm } from './observe.js';
import { systemPrompt } from './prompts.js';
import { REACT_TAGS_FORMAT, reactTagsParser } from './react-tags.js';
import { buildSplits, type SplitConfig } from './splits.js';
import { CRMARENA_TEMPLATES } from './tasks/index.js';
import { ALL_TOOLS } from './tools/index.js';
import { RESPOND } from './tools/respond.js';
import type { CrmState } from './tools/tool-kit.js';

export const CRMARENA_ID = 'CRMArena-v0';

/** Large enough for a few months of cases passed back and forth, as CRMArena's tools do. */
const MAX_OBSERVATION_CHARS = 250_000;

/**
 * CRMArena-v0 with a chosen tool and task partition (the paper's by default). A partition that
 * leaves a template without the tools its solution needs is refused by defineEnvironment.
 */
export function createCrmArenaEnvironment(config: SplitConfig = {}): Environment<Org, CrmState> {
  return defineEnvironment<Org, CrmState>({
    id: CRMARENA_ID,
    description: 'An offline, seeded Salesforce-style service org (CRMArena): route cases, analyse handle times, transfers, trends, regions, issues, purchases, policies and knowledge, with CRMArena\'s 25 tools plus SOQL/SOSL.',
    world: { build: (seed, options) => buildOrg(seed, options), options: OrgOptionsSchema, defaultSeed: 0, toJson: orgToJson, pools: { train: 4, eval: 4 } },
    state: { create: () => ({}) },
    tools: ALL_TOOLS,
    templates: CRMARENA_TEMPLATES,
    splits: buildSplits(config),
    defaultSplit: 'explore',
    finish: {
      tool: RESPOND,
      read: (_tool, args: { content: string }) => ({ answer: args.content, gaveUp: false }),
      args: (answer) => ({ content: answer }),
    },
    prompt: { system: systemPrompt },
    observe: observeCrm,
    actionFormats: ['openai', REACT_TAGS_FORMAT, 'xlam', 'react'],
    parsers: { [REACT_TAGS_FORMAT]: reactTagsParser },
    maxSteps: 20,
    maxObservationChars: MAX_OBSERVATION_CHARS,
  });
}

export const crmarenaEnvironment = createCrmArenaEnvironment();
