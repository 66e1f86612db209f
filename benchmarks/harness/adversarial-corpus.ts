import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import '../../envs/index.js';
import type { Env } from '../../src/core/env.js';
import { make } from '../../src/core/registry.js';
import { fullCollection } from './full-gc.js';

/** Where the worst actions found so far are kept; one JSON object a line, grown as new ones are found. */
export const CORPUS_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'corpus', 'adversarial-actions.jsonl');

/** Text written as pieces, each repeated: `[["{\"a\":", 50000], ["1", 1], ["}", 50000]]`. */
const Parts = z.array(z.tuple([z.string(), z.number().int().min(0)])).min(1);

const EntrySchema = z
  .object({
    name: z.string().min(1),
    env: z.string(),
    /** The action format the env is made with. */
    format: z.string(),
    reset: z.object({ seed: z.number().int().optional(), options: z.record(z.string(), z.unknown()).optional() }).default({}),
    /** The action as JSON text (parsed into the value the agent sends) ... */
    json: Parts.optional(),
    /** ... or as plain text. */
    text: Parts.optional(),
    /** Where it was found and what it did then. */
    found: z.string().default(''),
  })
  .strict()
  .refine((e) => (e.json === undefined) !== (e.text === undefined), { message: 'give exactly one of json or text' });
export type CorpusEntry = z.infer<typeof EntrySchema>;

export function loadCorpus(file = CORPUS_FILE): CorpusEntry[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const parsed = EntrySchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
      return parsed.data;
    });
}

/** The action an entry describes, built fresh (the env may keep references to it). */
export function corpusAction(entry: CorpusEntry): unknown {
  const parts = (entry.json ?? entry.text)!;
  const text = parts.map(([piece, times]) => piece.repeat(times)).join('');
  return entry.json !== undefined ? (JSON.parse(text) as unknown) : text;
}

export interface CorpusStep {
  readonly name: string;
  readonly ms: number;
  readonly size: number;
  /** 'ok', or the error class the step reported; 'threw: ...' when step threw (a bug). */
  readonly outcome: string;
}

/** Envs made once per (env, format): world building is not what is measured. */
export class CorpusPlayer {
  readonly #envs = new Map<string, Env>();
  readonly #gc: (() => void) | null;

  /** `collectGarbage`: a full collection before each timed step (the benchmark); tests skip it. */
  constructor(options: { collectGarbage?: boolean } = {}) {
    this.#gc = options.collectGarbage === false ? null : fullCollection;
  }

  #env(entry: CorpusEntry): Env {
    const key = `${entry.env}\u0000${entry.format}`;
    let env = this.#envs.get(key);
    if (env === undefined) this.#envs.set(key, (env = make(entry.env, { actionFormat: entry.format })));
    return env;
  }

  /** Resets (untimed), then times one step with the entry's action. */
  play(entry: CorpusEntry): CorpusStep {
    const env = this.#env(entry);
    env.reset({ ...(entry.reset.seed !== undefined ? { seed: entry.reset.seed } : {}), options: entry.reset.options ?? {} });
    const action = corpusAction(entry);
    const size = typeof action === 'string' ? action.length : (entry.json ?? []).reduce((n, [piece, times]) => n + piece.length * times, 0);
    this.#gc?.();
    const start = performance.now();
    let outcome: string;
    try {
      const result = env.step(action);
      outcome = result.info.action.ok ? 'ok' : (result.info.action.errorClass ?? 'structure');
    } catch (error) {
      outcome = `threw: ${(error as Error)?.name}: ${(error as Error)?.message}`;
    }
    return { name: entry.name, ms: performance.now() - start, size, outcome };
  }
}
