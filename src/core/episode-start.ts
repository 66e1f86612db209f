import { emptyErrorTally } from '../actions/errors.js';
import type { ActionParser } from '../actions/parse-result.js';
import type { QueryInstance } from '../tasks/instance.js';
import { startUser } from '../users/simulated-user.js';
import { checkCallerShape } from './caller-shape.js';
import { DefinitionError, type Environment } from './environment.js';
import { EnvUsageError } from './env.js';
import type { Episode } from './episode-state.js';
import type { ChatMessage, ToolSpec } from './messages.js';
import { describeZodError, ResetOptionsSchema, type EnvOptionsSchema } from './options.js';
import { mergeRewards, type RewardConfig } from './rewards.js';
import { deriveSeed, type Seed } from './rng.js';
import { trustedParse, trustIfExact } from './trusted-instances.js';

/** What a reset reads of the env it starts an episode in. */
export interface ResetHost<W, S> {
  readonly env: Environment<W, S>;
  readonly options: ReturnType<typeof EnvOptionsSchema.parse>;
  readonly defaultSplit: string;
  readonly defaultRewards: RewardConfig;
  formats(choice: string | readonly string[] | undefined): { parsers: ActionParser[]; names: string[] };
  world(seed: Seed): W;
  worldSeedFor(seed: Seed, split: string, instance?: QueryInstance): Seed;
  /** The number of this episode among the env's resets (counted from 0), counting it. */
  nextEpisode(): number;
}

/** A new episode for `reset(args)`, and whether its instance was drawn here (not given). */
export function startEpisode<W, S>(host: ResetHost<W, S>, args: { seed?: Seed; options?: Record<string, unknown> }): { episode: Episode; drawn: boolean } {
  const { env } = host;
  // A trusted instance (see trusted-instances) is frozen and its parse is known: only the other options are read.
  const given = args.options?.['instance'];
  const trusted = trustedParse(given) as QueryInstance | undefined;
  const read = trusted ? withoutInstance(args.options!) : args.options;
  checkCallerShape('invalid reset options', read);
  const parsed = ResetOptionsSchema.safeParse(read ?? {});
  if (!parsed.success) throw new EnvUsageError(`invalid reset options: ${describeZodError(parsed.error)}`);
  const options = trusted ? { ...parsed.data, instance: trusted } : parsed.data;
  if (!trusted && options.instance !== undefined) trustIfExact(given, options.instance);
  const episodeNumber = host.nextEpisode();
  const seed = args.seed ?? deriveSeed(host.options.seed, 'episode', String(episodeNumber));
  let instance: QueryInstance;
  let worldSeed: Seed;
  let world: W;
  if (options.instance) {
    instance = options.instance;
    if (instance.env !== env.id) throw new EnvUsageError(`instance ${instance.id} belongs to ${instance.env}, not ${env.id}`);
    worldSeed = host.worldSeedFor(seed, instance.split, instance);
    world = host.world(worldSeed);
  } else {
    try {
      const split = options.split ?? host.defaultSplit;
      worldSeed = host.worldSeedFor(seed, split);
      world = host.world(worldSeed);
      instance = env.draw({ seed, split, world, ...(options.template !== undefined ? { template: options.template } : {}) });
    } catch (error) {
      if (error instanceof DefinitionError) throw new EnvUsageError(error.message);
      throw error;
    }
  }
  const registry = env.registry;
  const tools: ToolSpec[] = [];
  for (const name of instance.tools) {
    const entry = registry.get(name);
    if (!entry) throw new EnvUsageError(`instance ${instance.id} offers unknown tool ${name}`);
    tools.push(entry.spec);
  }
  const formats = host.formats(options.actionFormat ?? host.options.actionFormat);
  const def = env.definition;
  const promptCtx = { world, instance, tools, actionFormat: formats.names[0]! };
  const messages: ChatMessage[] = [
    { role: 'system', content: def.prompt.system(promptCtx) },
    { role: 'user', content: def.prompt.user ? def.prompt.user(promptCtx) : instance.query },
  ];
  const faults = options.faults ?? host.options.faults ?? null;
  const episode: Episode = {
    instance,
    world,
    worldSeed,
    seed,
    step: 0,
    messages,
    tools,
    offered: new Set(instance.tools),
    state: env.sandbox(world).createState(world),
    tallies: { steps: 0, passed: 0, errors: emptyErrorTally(), return: 0 },
    rewards: options.rewards ? mergeRewards(def.rewards, host.options.rewards, options.rewards) : host.defaultRewards,
    faults: faults && (faults.rate > 0 || Object.keys(faults.tools).length > 0) ? faults : null,
    parsers: formats.parsers,
    formatNames: formats.names,
    terminated: false,
    truncated: false,
    answer: null,
    verdicts: new Map(),
    paid: new Set(),
    user: instance.conversation ? startUser() : null,
  };
  return { episode, drawn: options.instance === undefined };
}

function withoutInstance(options: Record<string, unknown>): Record<string, unknown> {
  const { instance: _instance, ...rest } = options;
  return rest;
}
