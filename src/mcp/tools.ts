import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { encodeAction } from '../actions/encode.js';
import type { Observation, StepResult } from '../core/env.js';
import type { ToolSpec } from '../core/messages.js';

/**
 * The action format an MCP tool call is played in: one OpenAI-shaped tool call per step, the same
 * action a chat model calling the tool natively would send.
 */
export const MCP_ACTION_FORMAT = 'openai';

/**
 * Multi-turn episodes only: the MCP tool by which an agent talks to the simulated user. An MCP
 * client can only call tools, so its message becomes the plain assistant message (no tool call)
 * a chat model would write, and the user's reply is the call's result.
 */
export const USER_TOOL: Tool = {
  name: 'reply_to_user',
  description: 'Send a message to the user (e.g. ask for a detail the request leaves out); the result is the user\'s reply. Not a function of the task: answer the request itself with the terminal tool.',
  inputSchema: { type: 'object', properties: { message: { type: 'string', description: 'What to say to the user' } }, required: ['message'] },
};

/**
 * The episode's offered tools as MCP tools: names, descriptions and input schemas exactly as in
 * the observation; with `conversational`, `reply_to_user` after them (unless an offered tool has that name).
 */
export function mcpTools(tools: readonly ToolSpec[], conversational = false): Tool[] {
  const listed: Tool[] = tools.map((spec) => ({ name: spec.function.name, description: spec.function.description, inputSchema: spec.function.parameters as Tool['inputSchema'] }));
  if (conversational && !tools.some((t) => t.function.name === USER_TOOL.name)) listed.push(USER_TOOL);
  return listed;
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
 * The action of a `reply_to_user` call in a multi-turn episode: an assistant message with the text
 * and no tool call (the env reads it as a message to the user; a missing or empty message stays
 * the structure error an empty assistant turn is).
 */
export function userMessageAction(args: Readonly<Record<string, unknown>> | undefined): unknown {
  const message = args?.['message'];
  return { role: 'assistant', content: typeof message === 'string' ? message : '' };
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
