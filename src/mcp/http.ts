import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { EnvUsageError, type Env, type Observation } from '../core/env.js';
import type { Endpoint, Reply, ServerState } from '../server/endpoints.js';
import { HttpError } from '../server/http-error.js';
import type { Route } from '../server/router.js';
import type { Session } from '../server/session-store.js';
import { episodeServer, type McpEpisode } from './episode-server.js';
import { MCP_ACTION_FORMAT } from './tools.js';

export const MCP_PATH = '/v1/sessions/:id/mcp';

function observationOf(env: Env): Observation {
  const read = (env as { observation?: () => Observation }).observation;
  if (typeof read !== 'function') throw new HttpError(400, 'invalid_request', `${env.spec.id} does not expose its current observation, so its tools cannot be served over MCP`);
  return read.call(env);
}

/** A server session's current episode, stepped by MCP calls as POST .../step would step it. */
function sessionEpisode(session: Session, state: ServerState): McpEpisode {
  return {
    envId: session.envId,
    observation: () => observationOf(session.env),
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

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, 'invalid_json', `the body is not valid JSON: ${(error as Error).message}`);
  }
}

/** The id of a single JSON-RPC request, so an error answer can be matched to it (null when there is none). */
function requestId(message: unknown): string | number | null {
  const id = (message as { id?: unknown } | null)?.id;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}

/**
 * An HTTP-level refusal (wrong token, unknown or expired session, bad body) answered with the HTTP
 * status and a JSON-RPC error body, which MCP clients show to their user as the error.
 */
function rpcError(error: HttpError, id: string | number | null): Reply {
  const code = error.status >= 500 ? ErrorCode.InternalError : ErrorCode.InvalidRequest;
  return { status: error.status, body: JSON.stringify({ jsonrpc: '2.0', id, error: { code, message: `${error.code}: ${error.message}` } }), ...(error.headers ? { headers: error.headers } : {}) };
}

/** What the MCP transport needs of the request: the body is JSON, and the reply may be JSON. */
const MCP_REQUEST_HEADERS = { accept: 'application/json, text/event-stream', 'content-type': 'application/json' };

/**
 * The MCP endpoint of every session (Streamable HTTP, stateless, JSON responses), authorised with
 * the session's token: the agent's side of the session. Each request gets its own MCP server over
 * the session's current episode; the episode itself lives in the session.
 */
export function mcpRoute(state: ServerState): Route<Endpoint> {
  return {
    method: 'POST',
    path: MCP_PATH,
    handler: {
      readsBody: true,
      async handle(ctx) {
        let id: string | number | null = null;
        let session: Session;
        let message: unknown;
        try {
          message = parseJson(ctx.body);
          id = requestId(message);
          session = state.sessions.access(ctx.params['id']!, ctx.authorization);
          if (!session.env.spec.actionFormats.includes(MCP_ACTION_FORMAT)) {
            throw new HttpError(400, 'invalid_request', `session ${session.id} does not read ${MCP_ACTION_FORMAT} tool calls (its formats: ${session.env.spec.actionFormats.join(', ')}), so MCP calls cannot be played in it`);
          }
          observationOf(session.env);
        } catch (error) {
          if (error instanceof HttpError) return rpcError(error, id);
          throw error;
        }
        const server = episodeServer(sessionEpisode(session, state), String(session.env.spec.version));
        const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
        try {
          await server.connect(transport);
          const request = new Request(`http://lamsim.invalid/v1/sessions/${session.id}/mcp`, { method: 'POST', headers: MCP_REQUEST_HEADERS, body: ctx.body });
          const response = await transport.handleRequest(request, { parsedBody: message });
          const contentType = response.headers.get('content-type');
          return { status: response.status, body: await response.text(), ...(contentType ? { contentType } : {}) };
        } finally {
          await server.close();
        }
      },
    },
  };
}
