import { encodeAction } from '../actions/encode.js';
import type { Observation } from '../core/env.js';
import type { Rng } from '../core/rng.js';
import type { Policy, PolicyContext } from './policy.js';
import { sampleJsonSchema } from './schema-sample.js';

const WORD = /[A-Za-z0-9][A-Za-z0-9_.@:-]*[A-Za-z0-9]/g;

/** The words of the first user message: string arguments are often drawn from them. */
function queryWords(observation: Observation): string[] {
  const user = observation.messages.find((m) => m.role === 'user');
  const text = typeof user?.content === 'string' ? user.content : '';
  return [...new Set(text.match(WORD) ?? [])];
}

/**
 * A random tool from the offered specs with arguments sampled from its JSON Schema (strings often
 * taken from the query's words). Seeded by the context's stream; a baseline and a source of every
 * kind of failure.
 */
export class RandomPolicy implements Policy {
  readonly name = 'random';

  #one(ctx: PolicyContext, rng: Rng, words: readonly string[]): unknown {
    const tools = ctx.observation.tools;
    if (tools.length === 0) return '';
    const spec = rng.pick(tools);
    const args = sampleJsonSchema(spec.function.parameters, rng.child('arguments'), { vocabulary: words });
    try {
      return encodeAction(ctx.format, [{ name: spec.function.name, arguments: args }], ctx.step + 1, undefined, ctx.environment.definition.parsers);
    } catch {
      return JSON.stringify({ name: spec.function.name, arguments: args });
    }
  }

  async act(ctx: PolicyContext, n: number): Promise<unknown[]> {
    const words = queryWords(ctx.observation);
    return Array.from({ length: n }, (_, i) => this.#one(ctx, i === 0 ? ctx.rng : ctx.rng.child(`candidate/${i}`), words));
  }
}
