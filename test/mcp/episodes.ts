import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Environment } from '../../src/core/environment.js';
import type { StepResult } from '../../src/core/env.js';
import { ToolEnv } from '../../src/core/tool-env.js';
import { callResult, mcpAction, MCP_ACTION_FORMAT } from '../../src/mcp/tools.js';
import { runEpisode } from '../../src/rollout/episode.js';
import { oraclePlan } from '../../src/rollout/oracle.js';
import { serializeRecord } from '../../src/rollout/record.js';

/** One tools/call: a tool name and its arguments. */
export interface McpCall {
  readonly name: string;
  readonly arguments: Record<string, unknown>;
}

/** The calls that solve episode `seed` of `split`: the oracle's plan, ending with the terminal tool. */
export function solvingCalls(environment: Environment, seed: number, split: string): McpCall[] {
  const env = new ToolEnv(environment, { actionFormat: MCP_ACTION_FORMAT });
  env.reset({ seed, options: { split } });
  return oraclePlan(environment, env.instance!).map((call) => ({ name: call.tool, arguments: call.arguments as Record<string, unknown> }));
}

/** A few mistakes an agent makes: a tool that does not exist, arguments that do not fit. */
export function mistakes(solving: readonly McpCall[]): McpCall[] {
  return [
    { name: 'no_such_tool', arguments: {} },
    { name: solving[0]!.name, arguments: { definitely_not_an_argument: [1, 2] } },
  ];
}

/**
 * The same calls played in process, as `lamsim mcp` plays them: through the collector's episode
 * runner with a policy that sends exactly these actions. Returns what each call would answer and
 * the record line.
 */
export async function playInProcess(environment: Environment, seed: number, split: string, calls: readonly McpCall[], policyName: string): Promise<{ results: CallToolResult[]; steps: StepResult[]; line: string }> {
  const env = new ToolEnv(environment, { actionFormat: MCP_ACTION_FORMAT });
  const results: CallToolResult[] = [];
  const steps: StepResult[] = [];
  let before = 0;
  const content = await runEpisode(
    env,
    { environment, split, episode: 0, attempt: 0, seed },
    {
      policy: {
        name: policyName,
        act: async (ctx) => {
          before = ctx.observation.messages.length;
          const call = calls[ctx.step]!;
          return [mcpAction(call.name, call.arguments, ctx.step + 1)];
        },
      },
      samplesPerStep: 1,
      policySeed: seed,
      worldSeed: environment.definition.world.defaultSeed ?? 0,
      onStep: (result) => {
        steps.push(result);
        results.push(callResult(result, before));
      },
    },
  );
  return { results, steps, line: serializeRecord(content).line };
}

/** The text a tool result carries. */
export function textOf(result: unknown): string {
  const content = (result as { content?: { type: string; text?: string }[] }).content ?? [];
  return content.map((c) => c.text ?? '').join('\n');
}
