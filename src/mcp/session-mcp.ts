import { ToolEnv } from '../core/tool-env.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { EnvUsageError, type Observation } from '../core/env.js';
import type { Reply, ServerState } from '../server/endpoints.js';
import type { Session } from '../server/session-store.js';
import { episodeServer, type McpEpisode } from './episode-server.js';

/** A server session's current episode, stepped by MCP calls as POST .../step would step it. */
function sessionEpisode(session: Session, state: ServerState, observation: () => Observation): McpEpisode {
  return {
    envId: session.envId,
    observation,
    multiTurn: () => session.env instanceof ToolEnv && session.env.instance?.conversation !== undefined,
    step(action) {
      try {
        state.sessions.checkStepAllowed(session);
      } catch (error) {
        throw new McpError(ErrorCode.InvalidRequest, (error as Error).message);
      }
      let result;
      try {
        result = session.env.step(action);
      } catch (error) {
        if (error instanceof EnvUsageError) throw new McpError(ErrorCode.InvalidRequest, `the episode is over (${error.message}); the trainer starts the next one with POST /v1/sessions/${session.id}/reset`);
        throw new McpError(ErrorCode.InternalError, `the environment failed: ${(error as Error)?.message ?? String(error)}`);
      }
      session.steps++;
      state.steps++;
      return result;
    },
  };
}

/** What the MCP transport needs of the request: the body is JSON, and the reply may be JSON. */
const MCP_REQUEST_HEADERS = { accept: 'application/json, text/event-stream', 'content-type': 'application/json' };

/**
 * Answers one MCP message (already authorised) for a session: a fresh MCP server over the session's
 * current episode, on the SDK's Streamable HTTP transport (stateless, JSON replies).
 */
export async function answerMcp(session: Session, state: ServerState, observation: () => Observation, body: string, message: unknown): Promise<Reply> {
  const server = episodeServer(sessionEpisode(session, state, observation), String(session.env.spec.version));
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  try {
    await server.connect(transport);
    const request = new Request(`http://lamsim.invalid/v1/sessions/${session.id}/mcp`, { method: 'POST', headers: MCP_REQUEST_HEADERS, body });
    const response = await transport.handleRequest(request, { parsedBody: message });
    const contentType = response.headers.get('content-type');
    return { status: response.status, body: await response.text(), ...(contentType ? { contentType } : {}) };
  } finally {
    await server.close();
  }
}
