import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ErrorCode, GetPromptRequestSchema, ListPromptsRequestSchema, ListToolsRequestSchema, McpError, type GetPromptResult } from '@modelcontextprotocol/sdk/types.js';
import type { Observation, StepResult } from '../core/env.js';
import { callResult, mcpAction, mcpTools, MESSAGE_USER, messageAction, messageUserTool, stepsTaken } from './tools.js';

/** One episode as an MCP server sees it: whatever drives the env behind it (a server session, a recorded run). */
export interface McpEpisode {
  /** The env id, e.g. `ToolBench-v0`: names the server. */
  readonly envId: string;
  /** The current observation: the transcript so far and the offered tools. */
  observation(): Observation;
  /**
   * Plays one action as one step. Throws an McpError when no step can be played (the episode is
   * over, a limit is reached): nothing is played then.
   */
  step(action: unknown): StepResult | Promise<StepResult>;
  /** Whether the episode has a simulated user to talk to (a multi-turn task): then `message_user` is offered. */
  multiTurn?(): boolean;
}

export const TASK_PROMPT = 'task';

/** The opening messages of the transcript: the env's system prompt and the task. */
function opening(observation: Observation): { system: string; task: string } {
  const text = (i: number): string => {
    const content = observation.messages[i]?.content;
    return typeof content === 'string' ? content : '';
  };
  return { system: text(0), task: text(1) };
}

function taskPrompt(observation: Observation): GetPromptResult {
  const { system, task } = opening(observation);
  return {
    description: 'The episode: the environment\'s instructions, then the task to solve with its tools.',
    messages: [
      { role: 'user', content: { type: 'text', text: system } },
      { role: 'user', content: { type: 'text', text: task } },
    ],
  };
}

/**
 * An MCP server over one episode: `tools/list` is the episode's offered tools (the terminal tool
 * included), `tools/call` plays one step and returns what the agent would see, and the `task`
 * prompt (also the server's instructions) gives the system prompt and the task. Calls are played
 * one at a time, in the order they arrive.
 */
export function episodeServer(episode: McpEpisode, version = '1'): Server {
  const first = opening(episode.observation());
  const server = new Server(
    { name: `lamsim ${episode.envId}`, version },
    { capabilities: { tools: {}, prompts: {} }, instructions: `${first.system}\n\nTask: ${first.task}` },
  );
  const talks = (): boolean => episode.multiTurn?.() === true && !episode.observation().tools.some((t) => t.function.name === MESSAGE_USER);
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: talks() ? [...mcpTools(episode.observation().tools), messageUserTool] : mcpTools(episode.observation().tools) }));
  server.setRequestHandler(ListPromptsRequestSchema, () => ({
    prompts: [{ name: TASK_PROMPT, description: 'The environment\'s instructions and the task of this episode' }],
  }));
  server.setRequestHandler(GetPromptRequestSchema, (request) => {
    if (request.params.name !== TASK_PROMPT) throw new McpError(ErrorCode.InvalidParams, `no prompt ${JSON.stringify(request.params.name)} (prompts: ${TASK_PROMPT})`);
    return taskPrompt(episode.observation());
  });
  let queue: Promise<unknown> = Promise.resolve();
  server.setRequestHandler(CallToolRequestSchema, (request) => {
    const play = async () => {
      const before = episode.observation();
      const action = request.params.name === MESSAGE_USER && talks() ? messageAction(request.params.arguments) : mcpAction(request.params.name, request.params.arguments, stepsTaken(before) + 1);
      return callResult(await episode.step(action), before.messages.length);
    };
    const done = queue.then(play, play);
    queue = done.catch(() => undefined);
    return done;
  });
  return server;
}
