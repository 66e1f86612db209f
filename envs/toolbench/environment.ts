import { defineEnvironment, type JsonValue } from '../../src/index.js';
import { toolbenchObservation, MAX_RESPONSE_CHARS } from './observation.js';
import { systemPrompt } from './prompts.js';
import { toolbenchSplits } from './splits.js';
import { createState, type ToolBenchState } from './state.js';
import { FINISH, finishArgs, readFinish } from './tools/finish.js';
import { toolbenchTools } from './tools/index.js';
import { toolbenchTemplates } from './templates/index.js';
import { WorldOptionsSchema } from './world/options.js';
import { buildWorld, worldJson, type ToolBenchWorld } from './world/world.js';

/** ToolBench's step limit per chain. */
export const TOOLBENCH_MAX_STEPS = 12;

export const toolbenchEnvironment = defineEnvironment<ToolBenchWorld, ToolBenchState>({
  id: 'ToolBench-v0',
  description: 'RapidAPI-style tools over a seeded world of ToolBench categories, with ToolEval-style splits and exact ground truth.',
  world: {
    build: buildWorld,
    options: WorldOptionsSchema,
    toJson: (world) => worldJson(world) as JsonValue,
    defaultSeed: 0,
  },
  state: { create: (world) => createState(world.finance.startingCash) },
  tools: toolbenchTools,
  templates: toolbenchTemplates,
  splits: toolbenchSplits(toolbenchTools),
  defaultSplit: 'train',
  finish: { tool: FINISH, read: readFinish, args: finishArgs },
  prompt: { system: systemPrompt },
  observe: toolbenchObservation,
  maxSteps: TOOLBENCH_MAX_STEPS,
  maxObservationChars: MAX_RESPONSE_CHARS + 1024,
});
