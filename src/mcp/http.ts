import type { Env, Observation } from '../core/env.js';
import type { Endpoint, Reply, ServerState } from '../server/endpoints.js';
import { HttpError } from '../server/http-error.js';
import type { Route } from '../server/router.js';
import type { Session } from '../server/session-store.js';
import { MCP_ACTION_FORMAT } from './tools.js';

export const MCP_PATH = '/v1/sessions/:id/mcp';

/** JSON-RPC's codes for an invalid request and an internal error. */
const INVALID_REQUEST = -32600;
const INTERNAL_ERROR = -32603;

/** The MCP SDK, loaded on the first MCP request: `lamsim serve` does not pay its start-up cost otherwise. */
let handler: Promise<typeof import('./session-mcp.js')> | undefined;

function observationOf(env: Env): Observation {
  const read = (env as { observation?: () => Observation }).observation;
  if (typeof read !== 'function') throw new HttpError(400, 'invalid_request', `${env.spec.id} does not expose its current observation, so its tools cannot be served over MCP`);
  return read.call(env);
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
  const code = error.status >= 500 ? INTERNAL_ERROR : INVALID_REQUEST;
  return { status: error.status, body: JSON.stringify({ jsonrpc: '2.0', id, error: { code, message: `${error.code}: ${error.message}` } }), ...(error.headers ? { headers: error.headers } : {}) };
}

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
        handler ??= import('./session-mcp.js');
        return (await handler).answerMcp(session, state, () => observationOf(session.env), ctx.body, message);
      },
    },
  };
}
