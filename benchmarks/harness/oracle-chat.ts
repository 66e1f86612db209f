import { ToolEnv } from '../../src/core/tool-env.js';
import type { Environment } from '../../src/core/environment.js';
import { oraclePlan } from '../../src/rollout/oracle.js';
import type { SolutionCall } from '../../src/tasks/instance.js';
import type { ChatRequestBody, FakeReply } from '../../test/fixtures/fake-chat-server.js';

/** A chat request's episode, as the server can tell it: the user's query and the tools offered. */
function episodeKey(query: string, tools: readonly string[]): string {
  return `${query}\u0000${tools.join(',')}`;
}

/**
 * A fake model that plays the oracle in OpenAI tool-call format: it knows the plans of the
 * episodes a collector will play (seeds 0..count-1 of a split), recognises each request's episode
 * by its query and tools, and answers with the plan's call for the number of assistant turns so far.
 */
export function oracleResponder(environment: Environment, split: string, count: number): (body: ChatRequestBody) => FakeReply {
  const env = new ToolEnv(environment);
  const plans = new Map<string, SolutionCall[]>();
  for (let seed = 0; seed < count; seed++) {
    const { observation } = env.reset({ seed, options: { split } });
    const query = observation.messages.find((m) => m.role === 'user')?.content ?? '';
    plans.set(episodeKey(query, observation.tools.map((t) => t.function.name)), oraclePlan(environment, env.instance!));
  }
  const finish = environment.definition.finish;
  return (body) => {
    const query = body.messages.find((m) => m.role === 'user')?.content ?? '';
    const plan = plans.get(episodeKey(typeof query === 'string' ? query : '', (body.tools ?? []).map((t) => t.function.name)));
    const turn = body.messages.filter((m) => m.role === 'assistant').length;
    const call = plan ? plan[Math.min(turn, plan.length - 1)]! : { tool: finish.tool, arguments: finish.args('unknown episode') };
    return { tool_calls: [{ name: call.tool, arguments: call.arguments as Record<string, unknown> }] };
  };
}
