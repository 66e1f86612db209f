import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ToolEnv, type ToolSpec } from '../../src/index.js';
import { env } from './helpers.js';

/** The function list as defined: one line per offered tool, its parameters' JSON written afresh. */
function plainFunctionList(tools: readonly ToolSpec[]): string {
  return tools.map((t) => `- ${t.function.name}: ${t.function.description}\n  parameters: ${JSON.stringify(t.function.parameters)}`).join('\n');
}

describe('ToolBench system prompt', () => {
  it('lists the offered tools of every reset as the plain definition does, lines kept per tool or not', () => {
    const envs = { xlam: new ToolEnv(env, { actionFormat: 'xlam' }), react: new ToolEnv(env, { actionFormat: 'react' }) };
    const splits = [...env.splits.keys()];
    fc.assert(
      fc.property(fc.constantFrom('xlam' as const, 'react' as const), fc.nat({ max: 1_000_000 }), fc.constantFrom(...splits), (format, seed, split) => {
        const { observation } = envs[format].reset({ seed, options: { split } });
        const system = observation.messages[0]!.content as string;
        expect(system.endsWith(`Functions you can use:\n${plainFunctionList(observation.tools)}`)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the openai format no function list (the tools go in the request)', () => {
    const { observation } = new ToolEnv(env, { actionFormat: 'openai' }).reset({ seed: 3 });
    expect(observation.messages[0]!.content).not.toContain('Functions you can use');
  });
});
