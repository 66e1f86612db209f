import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerState } from './endpoints.js';
import type { Method } from './router.js';

export interface MountContext {
  readonly params: Readonly<Record<string, string>>;
  /** The sessions and running counts the endpoints share. */
  readonly state: ServerState;
  /** The request body, refused with 413 past the server's --max-body-bytes. */
  readBody(): Promise<string>;
}

/**
 * A handler that writes its own response (e.g. a protocol with its own transport), mounted at a
 * route of the server. An HttpError it throws before the response has started is answered as any
 * endpoint's error.
 */
export interface Mount {
  readonly method: Method;
  /** A path with `:name` segments, e.g. `/v1/sessions/:id/mcp`. */
  readonly path: string;
  serve(req: IncomingMessage, res: ServerResponse, ctx: MountContext): Promise<void>;
}
