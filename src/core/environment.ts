import { z } from 'zod';
import type { ActionParser } from '../actions/parse-result.js';
import { resolveParsers } from '../actions/formats.js';
import type { FinalAnswer, ObservationFormatter } from '../actions/handler.js';
import { ToolRegistry } from '../tools/registry.js';
import type { Tool } from '../tools/tool.js';
import { generateInstance, TemplateError, type Sandbox } from '../tasks/generate.js';
import type { QueryInstance } from '../tasks/instance.js';
import { standIns } from '../tasks/realise.js';
import { compileSplit, type CompiledSplit, type SplitDefinition } from '../tasks/split.js';
import type { TaskTemplate } from '../tasks/template.js';
import { stableJson, type JsonValue } from './json.js';
import type { ToolSpec } from './messages.js';
import type { RewardConfigInput } from './rewards.js';
import { RewardConfigSchema } from './rewards.js';
import { deriveSeed, type Seed } from './rng.js';
import { cachedWorld } from './world-cache.js';

/** What the prompts of an environment can read when an episode starts. */
export interface PromptContext<W> {
  readonly world: W;
  readonly instance: QueryInstance;
  readonly tools: readonly ToolSpec[];
  readonly actionFormat: string;
}

/**
 * Everything an environment supplies: its world, tools, templates, splits and prompts. The base
 * environment does the rest (the Env contract, action handling, rewards, snapshots, rendering).
 *
 * The episode state `S` must be plain JSON data: snapshots copy it and the server sends it.
 */
export interface EnvironmentDefinition<W = any, S = any> {
  /** A versioned id, `Name-vN`. */
  readonly id: string;
  readonly description: string;
  readonly world: {
    /** Builds the world for a seed. Pure; the result is shared, read-only, by every env on it. */
    readonly build: (seed: Seed, options: Record<string, unknown>) => W;
    /** The world as plain JSON for `lamsim world` (default: the world object itself). */
    readonly toJson?: (world: W) => JsonValue;
    /** Validates world options (size and the like). */
    readonly options?: z.ZodType<Record<string, unknown>>;
    readonly defaultSeed?: Seed;
    /**
     * Bytes a world holds, for the world cache's bound (default: twice the JSON size of the first
     * world built with the same options, measured once).
     */
    readonly estimateBytes?: (world: W) => number;
    /** How many worlds train splits and eval splits each draw from (default 8 and 8). */
    readonly pools?: Partial<WorldPools>;
  };
  readonly state?: {
    /** A fresh episode state over the world. */
    readonly create: (world: W) => S;
  };
  readonly tools: readonly Tool<any, W, S>[];
  readonly templates: readonly TaskTemplate<W, S>[];
  readonly splits: Readonly<Record<string, SplitDefinition>>;
  readonly defaultSplit: string;
  readonly finish: {
    readonly tool: string;
    readonly read: (tool: string, args: any) => FinalAnswer;
    /** The arguments that give `answer` as the final answer (for scripted policies). */
    readonly args: (answer: string) => Record<string, JsonValue>;
  };
  readonly prompt: {
    readonly system: (ctx: PromptContext<W>) => string;
    /** The first user message; the instance's query by default. */
    readonly user?: (ctx: PromptContext<W>) => string;
  };
  /** How a tool's output or an error reads to the agent. */
  readonly observe?: ObservationFormatter;
  /** Accepted action formats, the default first. Built-ins: openai, xlam, react. */
  readonly actionFormats?: readonly string[];
  /** Action formats of the environment's own. */
  readonly parsers?: Readonly<Record<string, ActionParser>>;
  readonly maxSteps?: number;
  readonly maxCallsPerStep?: number;
  readonly maxObservationChars?: number;
  readonly rewards?: RewardConfigInput;
}

/** A checked, compiled environment definition: its registry, splits and a cache of worlds. */
export interface Environment<W = any, S = any> {
  readonly id: string;
  readonly version: number;
  readonly definition: EnvironmentDefinition<W, S>;
  readonly registry: ToolRegistry;
  readonly splits: ReadonlyMap<string, CompiledSplit>;
  readonly templates: ReadonlyMap<string, TaskTemplate<W, S>>;
  readonly formats: readonly string[];
  /** The world for (seed, options), built on first use and kept in the process's world cache. */
  world(seed?: Seed, options?: Record<string, unknown>): W;
  /** The seed a world of this environment was built from. */
  worldSeedOf(world: W): Seed | undefined;
  /**
   * The world seed an episode plays in when no world is pinned: the split's pool (train or eval)
   * indexed by the episode seed. Train and eval pools never share a seed.
   */
  worldSeedFor(args: { seed: Seed; split?: string }): Seed;
  /** The seeds of the train and eval world pools. */
  readonly worldPools: { readonly train: readonly Seed[]; readonly eval: readonly Seed[] };
  sandbox(world: W): Sandbox<W, S>;
  split(name?: string): CompiledSplit;
  /** The instance of a template for a seed (default split; the split's pool world unless one is given). */
  generate(args: { template: string; seed: Seed; split?: string; world?: W }): QueryInstance;
  /**
   * The instance an episode with this seed plays: the template is drawn from the split by the
   * seed (unless named), then generated. What `reset({ seed })` uses.
   */
  draw(args: { seed: Seed; split?: string; template?: string; world?: W }): QueryInstance;
}

export interface WorldPools {
  readonly train: number;
  readonly eval: number;
}

const DEFAULT_POOLS: WorldPools = { train: 8, eval: 8 };

/** Eval world seeds start this far from the base seed, so no train world seed is an eval one. */
export const EVAL_WORLD_OFFSET = 1_000_000;

/** The pools' world seeds: train `base + i`, eval `base + 1,000,000 + i` (string bases get `/train/i`, `/eval/i`). */
export function worldPoolSeeds(base: Seed, pools: WorldPools): { train: Seed[]; eval: Seed[] } {
  const seedAt = (role: 'train' | 'eval', i: number): Seed =>
    typeof base === 'number' ? base + (role === 'eval' ? EVAL_WORLD_OFFSET : 0) + i : `${base}/${role}/${i}`;
  return {
    train: Array.from({ length: pools.train }, (_, i) => seedAt('train', i)),
    eval: Array.from({ length: pools.eval }, (_, i) => seedAt('eval', i)),
  };
}

let environmentSerial = 0;

const NO_OPTIONS: Record<string, unknown> = Object.freeze({});

const ID = /^([A-Za-z][A-Za-z0-9_.-]*)-v(\d+)$/;

export class DefinitionError extends Error {
  override name = 'DefinitionError';
}

function validateDefinition(def: EnvironmentDefinition, registry: ToolRegistry, splits: Map<string, CompiledSplit>): void {
  const fail = (why: string): never => {
    throw new DefinitionError(`environment ${def.id}: ${why}`);
  };
  const finish = registry.get(def.finish.tool);
  if (!finish) fail(`finish tool ${def.finish.tool} is not among its tools`);
  if (finish!.tool.terminal !== true) fail(`finish tool ${def.finish.tool} must be marked terminal`);
  if (!splits.has(def.defaultSplit)) fail(`default split ${def.defaultSplit} is not defined`);
  const ids = new Set<string>();
  for (const template of def.templates) {
    if (ids.has(template.id)) fail(`two templates have the id ${template.id}`);
    ids.add(template.id);
    for (const step of template.path) {
      const entry = registry.get(step.tool);
      if (!entry) fail(`template ${template.id}: path tool ${step.tool} does not exist`);
      if (entry!.tool.adapt !== undefined) fail(`template ${template.id}: path tool ${step.tool} is an alternate provider; name its capability's canonical tool`);
      if (entry!.tool.terminal === true) fail(`template ${template.id}: the path must not call the terminal tool ${step.tool}`);
    }
    for (const extra of template.offer?.extra ?? []) if (!registry.has(extra)) fail(`template ${template.id}: extra tool ${extra} does not exist`);
  }
  for (const split of splits.values()) {
    if (!split.tools.has(def.finish.tool)) fail(`split ${split.name} does not allow the finish tool ${def.finish.tool}`);
    for (const template of split.templates) {
      for (const step of template.path) {
        const tool = registry.get(step.tool)!.tool;
        const usable = standIns(registry, tool).filter((p) => split.tools.has(p.name));
        if (usable.length === 0) {
          fail(`template ${template.id} cannot be realised in split ${split.name}: no provider of ${step.tool}${tool.capability ? ` (capability ${tool.capability})` : ''} is offered there`);
        }
      }
    }
  }
}

/**
 * Checks and compiles an environment definition. Throws a DefinitionError naming the problem, e.g.
 * a template whose solution path cannot be realised with the tools its split offers.
 */
export function defineEnvironment<W, S>(def: EnvironmentDefinition<W, S>): Environment<W, S> {
  const match = ID.exec(def.id);
  if (!match) throw new DefinitionError(`environment id ${JSON.stringify(def.id)} must look like Name-v0`);
  const registry = new ToolRegistry(def.tools);
  const splits = new Map<string, CompiledSplit>();
  for (const [name, split] of Object.entries(def.splits)) splits.set(name, compileSplit(name, split, def.templates, def.tools, name === def.defaultSplit ? 'train' : 'eval'));
  validateDefinition(def, registry, splits);
  const formats = def.actionFormats ?? ['openai', 'xlam', 'react'];
  resolveParsers(formats, def.parsers);
  const templates = new Map(def.templates.map((t) => [t.id, t]));
  const serial = environmentSerial++;
  const worldSeeds = new WeakMap<object, Seed>();
  const sizeByOptions = new Map<string, number>();
  const estimate = (optionsKey: string, world: W): number => {
    if (def.world.estimateBytes) return def.world.estimateBytes(world);
    let size = sizeByOptions.get(optionsKey);
    if (size === undefined) {
      size = 2 * JSON.stringify(def.world.toJson ? def.world.toJson(world) : world).length;
      sizeByOptions.set(optionsKey, size);
    }
    return size;
  };
  const parsedOptions = new WeakMap<object, { parsed: Record<string, unknown>; key: string }>();
  const baseSeed = def.world.defaultSeed ?? 0;
  const pools = { ...DEFAULT_POOLS, ...def.world.pools };
  if (!Number.isInteger(pools.train) || pools.train < 1 || !Number.isInteger(pools.eval) || pools.eval < 1) {
    throw new DefinitionError(`environment ${def.id}: world pools must hold at least one world each`);
  }
  const poolSeeds = worldPoolSeeds(baseSeed, pools);
  const createState = def.state?.create ?? ((() => ({})) as unknown as (world: W) => S);
  const sandboxes = new WeakMap<object, Sandbox<W, S>>();

  const env: Environment<W, S> = {
    id: def.id,
    version: Number(match[2]),
    definition: def,
    registry,
    splits,
    templates,
    formats,
    worldPools: poolSeeds,
    world(seed = baseSeed, options = NO_OPTIONS) {
      let known = parsedOptions.get(options);
      if (known === undefined) {
        const parsed = def.world.options ? def.world.options.parse(options) : options;
        known = { parsed, key: stableJson(parsed) };
        parsedOptions.set(options, known);
      }
      const { parsed, key: optionsKey } = known;
      return cachedWorld(
        `${serial}|${typeof seed}:${String(seed)}|${optionsKey}`,
        () => {
          const world = def.world.build(seed, parsed);
          if (typeof world === 'object' && world !== null) worldSeeds.set(world, seed);
          return world;
        },
        (world) => estimate(optionsKey, world),
      );
    },
    worldSeedOf(world) {
      return typeof world === 'object' && world !== null ? worldSeeds.get(world) : undefined;
    },
    worldSeedFor({ seed, split }) {
      const pool = env.split(split).role === 'train' ? poolSeeds.train : poolSeeds.eval;
      return pool[deriveSeed(seed, 'world') % pool.length]!;
    },
    sandbox(world) {
      const key = world as unknown as object;
      let sandbox = sandboxes.get(key);
      if (!sandbox) {
        const worldSeed = env.worldSeedOf(world);
        sandbox = { envId: def.id, registry, world, createState, finishTool: def.finish.tool, ...(worldSeed !== undefined ? { worldSeed } : {}) };
        sandboxes.set(key, sandbox);
      }
      return sandbox;
    },
    split(name = def.defaultSplit) {
      const split = splits.get(name);
      if (!split) throw new DefinitionError(`environment ${def.id} has no split ${JSON.stringify(name)} (splits: ${[...splits.keys()].join(', ')})`);
      return split;
    },
    generate({ template, seed, split, world }) {
      const t = templates.get(template);
      if (!t) throw new TemplateError(`environment ${def.id} has no template ${JSON.stringify(template)}`);
      return generateInstance(env.sandbox(world ?? env.world(env.worldSeedFor({ seed, ...(split !== undefined ? { split } : {}) }))), t, seed, env.split(split));
    },
    draw({ seed, split: splitName, template: templateId, world }) {
      const split = env.split(splitName);
      let template: TaskTemplate<W, S> | undefined;
      if (templateId !== undefined) {
        template = split.templates.find((t) => t.id === templateId);
        if (!template) throw new DefinitionError(`split ${split.name} of ${def.id} has no template ${JSON.stringify(templateId)}`);
      } else {
        if (split.templates.length === 0) throw new DefinitionError(`split ${split.name} of ${def.id} has no templates`);
        template = split.templates[deriveSeed(seed, 'template') % split.templates.length];
      }
      return generateInstance(env.sandbox(world ?? env.world(env.worldSeedFor({ seed, split: split.name }))), template!, seed, split);
    },
  };
  if (def.rewards) RewardConfigSchema.parse(def.rewards);
  return env;
}
