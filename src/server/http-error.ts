import { stableJson } from '../core/json.js';

/** Every error a client can get, as the `code` of `{ "error": { "code", "message" } }`. */
export type ErrorCode =
  | 'invalid_json'
  | 'invalid_request'
  | 'unknown_env'
  | 'bad_options'
  | 'bad_snapshot'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'session_not_found'
  | 'method_not_allowed'
  | 'episode_over'
  | 'session_expired'
  | 'session_lost'
  | 'body_too_large'
  | 'step_limit'
  | 'env_error'
  | 'internal'
  | 'too_many_sessions'
  | 'shutting_down'
  | 'world_option_not_allowed'
  | 'unsupported_media_type'
  | 'host_not_allowed'
  | 'origin_not_allowed'
  | 'snapshot_not_found'
  | 'snapshot_too_large'
  | 'bad_encoding';

/** A request that cannot be served, with the status and the one-line reason the client gets. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export function errorBody(code: ErrorCode, message: string): string {
  return stableJson({ error: { code, message } });
}
