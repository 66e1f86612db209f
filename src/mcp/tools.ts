import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { encodeAction } from '../actions/encode.js';
import type { Observation, StepResult } from '../core/env.js';
import type { ToolSpec } from '../core/messages.js';

/**
 * The action format an MCP tool call is played in: one OpenAI-shaped tool call per step, the same
 * action a chat model calling the tool natively would send.
 */
export const MCP_ACTION_FORMAT = 'openai';

/** The episode's offered tools as MCP tools: names, descriptions and input schemas exactly as in the observation. */
export function mcpTools(tools: readonly ToolSpec[]): Tool[] {
  return tools.map((spec) => ({ name: spec.function.name, description: spec.function.description, inputSchema: spec.function.parameters as Tool['inputSchema'] }));
}

/** The tool a multi-turn episode adds over MCP: a plain message to the simulated user. */
export const MESSAGE_USER = 'message_user';

export const messageUserTool: Tool = {
  name: MESSAGE_USER,
  description: 'Send a plain message to the user, e.g. to ask for a detail you are missing; the result is the user\'s reply.',
  inputSchema: { type: 'object', properties: { text: { type: 'string', description: 'What you say to the user' } }, required: ['text'] },
};

/** The action a `message_user` call plays: an assistant message with its text and no tool call. */
export function messageAction(args: Readonly<Record<string, unknown>> | undefined): unknown {
  return { role: 'assistant', content: typeof args?.['text'] === 'string' ? args['text'] : '' };
}

/** Steps taken so far: the assistant turns in the transcript (each step adds exactly one). */
export function stepsTaken(observation: Observation): number {
  let steps = 0;
  for (const message of observation.messages) if (message.role === 'assistant') steps++;
  return steps;
}

/**
 * The action one `tools/call` plays as step `step` (1-based): an assistant message with a single
 * tool call, its id numbered by the step, so the same calls make the same actions on every run.
 */
export function mcpAction(name: string, args: Readonly<Record<string, unknown>> | undefined, step: number): unknown {
  return encodeAction(MCP_ACTION_FORMAT, [{ name, arguments: args ?? {} }], step);
}

/**
 * What the agent sees of a step over MCP: the messages the env added after the assistant turn (the
 * tool's reply, or the handler's feedback), as text. A failed action is an MCP tool error carrying
 * the handler's message. Rewards, tallies and the answer verdict are not shown: they stay on the
 * control protocol.
 */
export function callResult(result: StepResult, before: number): CallToolResult {
  const added = result.observation.messages.slice(before + 1);
  const content = added.map((message) => ({ type: 'text' as const, text: typeof message.content === 'string' ? message.content : '' }));
  return { content: content.length > 0 ? content : [{ type: 'text', text: '' }], isError: !result.info.action.ok };
}
