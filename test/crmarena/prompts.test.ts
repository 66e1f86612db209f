import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ToolEnv } from '../../src/index.js';
import { crmarenaEnvironment, type Org } from '../../envs/crmarena/index.js';
import { systemPrompt, writePrompt } from '../../envs/crmarena/prompts.js';
import type { QueryInstance } from '../../src/tasks/instance.js';

/**
 * systemPrompt keeps the prompts it wrote per org (a reset reads one instead of writing 8-10k
 * characters): held to writing afresh for every org, format and task texts, in any order, with
 * texts changed by a character, and past the shelf's size (old prompts replaced).
 */
describe('CRMArena system prompt', () => {
  const orgs: readonly Org[] = [crmarenaEnvironment.world(), crmarenaEnvironment.world(7, { agents: 9, accounts: 60, cases: 300, years: 1 })];
  const formats = ['openai', 'react-tags', 'xlam', 'react'];
  const instances: QueryInstance[] = [];
  for (const split of ['explore', 'held-out']) {
    const env = new ToolEnv(crmarenaEnvironment, { split });
    for (let seed = 0; seed < 30; seed++) {
      env.reset({ seed });
      instances.push(env.instance!);
    }
  }
  const texts = (instance: QueryInstance): string[] => ['task_name', 'task', 'policy', 'domain_details'].map((k) => String(instance.context[k] ?? ''));

  it('is the prompt written afresh, whatever was asked before', () => {
    const ask = fc.record({
      org: fc.integer({ min: 0, max: orgs.length - 1 }),
      instance: fc.integer({ min: 0, max: instances.length - 1 }),
      format: fc.constantFrom(...formats),
      // A context text changed (a suffix), so that many more than the shelf's size are asked.
      change: fc.option(fc.record({ key: fc.constantFrom('task_name', 'task', 'policy', 'domain_details'), suffix: fc.string({ maxLength: 3 }) })),
    });
    fc.assert(
      fc.property(fc.array(ask, { minLength: 1, maxLength: 200 }), (asks) => {
        for (const { org, instance, format, change } of asks) {
          const base = instances[instance]!;
          const context = change === null ? base.context : { ...base.context, [change.key]: `${String(base.context[change.key] ?? '')}${change.suffix}` };
          const world = orgs[org]!;
          const prompt = systemPrompt({ world, instance: { ...base, context }, tools: [], actionFormat: format });
          const [taskName, task, policy, domainDetails] = texts({ ...base, context });
          expect(prompt).toBe(writePrompt(world, format, [world.today, taskName!, task!, policy!, domainDetails!]));
        }
      }),
      { numRuns: 60 },
    );
  });
});
