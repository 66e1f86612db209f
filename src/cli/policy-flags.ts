import { optionalString, intFlag, keyValues, type FlagSpec, type ParsedFlags } from './flags.js';
import { CliError, oneLine, type CliIo } from './io.js';
import { NoiseConfigSchema } from '../rollout/noisy-oracle.js';
import { NoisyOraclePolicy } from '../rollout/noisy-oracle.js';
import { OraclePolicy } from '../rollout/oracle.js';
import type { Policy } from '../rollout/policy.js';
import { RandomPolicy } from '../rollout/random-policy.js';

export const POLICY_NAMES = ['oracle', 'noisy', 'random', 'openai'] as const;

/** Flags that choose and configure a policy. */
export const POLICY_FLAGS: FlagSpec = {
  policy: { type: 'string' },
  noise: { type: 'string', multiple: true },
  model: { type: 'string' },
  'base-url': { type: 'string' },
  'api-key': { type: 'string' },
  mode: { type: 'string' },
  temperatures: { type: 'string' },
  'use-n': { type: 'boolean' },
  'timeout-ms': { type: 'string' },
  'max-tokens': { type: 'string' },
  cache: { type: 'string' },
  'no-request-seed': { type: 'boolean' },
};

export const POLICY_HELP = `Policies:
  oracle   follows the instance's solution path (alternate providers where offered)
  noisy    the oracle with seeded mistakes, usually fixed next step; tune with
           --noise structure=0.06 --noise toolname=0.05 --noise arguments=0.07 --noise answer=0.12 --noise fix=0.85
  random   a random offered tool with arguments sampled from its schema
  openai   an OpenAI-compatible chat model: --model M [--base-url URL] [--api-key KEY]
           (else OPENAI_API_KEY / OPENAI_BASE_URL) [--mode tools|xlam|react]
           [--temperatures 0,0.5,1] [--use-n] [--timeout-ms MS] [--max-tokens N] [--cache DIR]
           [--no-request-seed] (each request carries a seed drawn from its episode and candidate;
           this flag stops sending it, for servers that refuse the field; the cache keys by it anyway)`;

/** The chosen policy, how it identifies itself in a run's manifest, and what marks its placeholder actions. */
export interface ChosenPolicy {
  readonly policy: Policy;
  /** What must match when a run is resumed. */
  readonly settings: Record<string, unknown>;
  readonly placeholder?: (action: unknown) => boolean;
  /** The action format the policy writes whatever the env prefers (a model in a text mode). */
  readonly actionFormat?: string;
  /** A line about the policy's own trouble (failed requests), for the end of a run. */
  report?(): string | null;
  /** Requests, cache hits and tokens so far (model policies). */
  usage?(): { requests: number; cacheHits: number; promptTokens: number; completionTokens: number };
}

/** Settings a command may impose on a model policy (e.g. `collect --preset paper`, `eval`'s temperature 0). */
export interface PolicyDefaults {
  /** Used when --temperatures is absent. */
  readonly temperatures?: readonly number[];
  /** Refuse --temperatures and use these. */
  readonly fixedTemperatures?: readonly number[];
}

function temperatures(raw: string | undefined): number[] | undefined {
  if (raw === undefined) return undefined;
  const list = raw.split(',').map((t) => t.trim());
  const values = list.map(Number);
  if (list.some((t) => t === '') || values.some((v) => !Number.isFinite(v) || v < 0 || v > 2)) throw new CliError(`--temperatures takes numbers in [0, 2] separated by commas, got ${JSON.stringify(raw)}`);
  return values;
}

const OPENAI_ONLY = ['model', 'base-url', 'api-key', 'mode', 'temperatures', 'use-n', 'timeout-ms', 'max-tokens', 'cache', 'no-request-seed'];

export async function choosePolicy(flags: ParsedFlags, io: CliIo, fallback: (typeof POLICY_NAMES)[number] = 'oracle', defaults: PolicyDefaults = {}): Promise<ChosenPolicy> {
  const name = optionalString(flags, 'policy') ?? fallback;
  if (!(POLICY_NAMES as readonly string[]).includes(name)) throw new CliError(`--policy must be one of ${POLICY_NAMES.join(', ')}, got ${JSON.stringify(name)}`);
  if (name !== 'openai') {
    const stray = OPENAI_ONLY.find((f) => flags.values[f] !== undefined);
    if (stray) throw new CliError(`--${stray} applies to --policy openai only`);
  }
  if (name !== 'noisy' && flags.values['noise'] !== undefined) throw new CliError('--noise applies to --policy noisy only');
  switch (name) {
    case 'oracle':
      return { policy: new OraclePolicy(), settings: { name } };
    case 'random':
      return { policy: new RandomPolicy(), settings: { name } };
    case 'noisy': {
      const parsed = NoiseConfigSchema.safeParse(keyValues(flags, 'noise'));
      if (!parsed.success) throw new CliError(`invalid --noise: ${oneLine(parsed.error)}`);
      return { policy: new NoisyOraclePolicy(parsed.data), settings: { name, noise: parsed.data } };
    }
    default:
      return openAiPolicy(flags, io, defaults);
  }
}

async function openAiPolicy(flags: ParsedFlags, io: CliIo, defaults: PolicyDefaults): Promise<ChosenPolicy> {
  const model = optionalString(flags, 'model');
  if (!model) throw new CliError('--policy openai needs --model');
  const mode = optionalString(flags, 'mode');
  if (mode !== undefined && !['tools', 'xlam', 'react'].includes(mode)) throw new CliError(`--mode must be tools, xlam or react, got ${JSON.stringify(mode)}`);
  const baseURL = optionalString(flags, 'base-url') ?? io.env['OPENAI_BASE_URL'];
  const apiKey = optionalString(flags, 'api-key') ?? io.env['OPENAI_API_KEY'];
  if (defaults.fixedTemperatures && flags.values['temperatures'] !== undefined) throw new CliError(`--temperatures does not apply here (it samples at ${defaults.fixedTemperatures.join(',')})`);
  const temps = defaults.fixedTemperatures ? [...defaults.fixedTemperatures] : (temperatures(optionalString(flags, 'temperatures')) ?? (defaults.temperatures ? [...defaults.temperatures] : undefined));
  const sendSeed = flags.values['no-request-seed'] !== true;
  const cacheDir = optionalString(flags, 'cache');
  const timeoutMs = flags.values['timeout-ms'] === undefined ? undefined : intFlag(flags, 'timeout-ms', 60_000, { min: 1 });
  const maxTokens = flags.values['max-tokens'] === undefined ? undefined : intFlag(flags, 'max-tokens', 1, { min: 1 });
  const useN = flags.values['use-n'] === true;
  const { OpenAIChatPolicy, isFailedAction } = await import('../rollout/openai-policy.js');
  let policy: InstanceType<typeof OpenAIChatPolicy>;
  try {
    policy = new OpenAIChatPolicy({
      model,
      ...(baseURL ? { baseURL } : {}),
      ...(apiKey ? { apiKey } : {}),
      ...(mode ? { mode: mode as 'tools' | 'xlam' | 'react' } : {}),
      ...(temps ? { temperatures: temps } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(maxTokens !== undefined ? { maxTokens } : {}),
      ...(cacheDir ? { cacheDir } : {}),
      useN,
      sendSeed,
    });
  } catch (error) {
    throw new CliError(oneLine(error));
  }
  return {
    policy,
    settings: { name: 'openai', model, mode: mode ?? null, temperatures: temps ?? [0], useN, maxTokens: maxTokens ?? null, ...(sendSeed ? {} : { sendSeed }) },
    placeholder: isFailedAction,
    ...(policy.actionFormat !== undefined ? { actionFormat: policy.actionFormat } : {}),
    usage() {
      const { requests, cacheHits, promptTokens, completionTokens } = policy.stats;
      return { requests, cacheHits, promptTokens, completionTokens };
    },
    report() {
      const { stats, lastError } = policy;
      return stats.failures > 0 ? `${stats.failures} model request(s) failed after retries${lastError ? ` (last: ${oneLine(lastError.message)})` : ''}` : null;
    },
  };
}
