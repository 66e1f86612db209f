import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Env } from '../core/env.js';
import { HttpError } from './http-error.js';
import { emptySent, type SentTranscript } from './transcript-delta.js';

export interface SessionLimits {
  /** A session untouched for this long is closed and its id answers 410. */
  readonly ttlMs: number;
  /** Live sessions at most; creating one more answers 503. */
  readonly maxSessions: number;
  /** Steps one session may take over its life (all its episodes); one more answers 429. */
  readonly maxSteps: number;
}

export interface Session {
  readonly id: string;
  readonly envId: string;
  readonly env: Env;
  lastUsed: number;
  /** Steps taken over the session's life. */
  steps: number;
  /** What its client has been sent of the transcript (for incremental step replies). */
  readonly sent: SentTranscript;
}

const ID_BYTES = 16;
const TOKEN_BYTES = 32;
const ID_SHAPE = /^[A-Za-z0-9_-]{22}$/;
const BEARER = /^Bearer ([A-Za-z0-9_-]{1,200})$/;
/** Expired ids remembered so their clients hear "expired" rather than "unknown". */
const EXPIRED_MEMORY = 1024;

/** One-shot sha256 (no Hash object per request). */
const digest = (token: string): Buffer => hash('sha256', token, 'buffer');

interface Entry {
  readonly session: Session;
  readonly tokenDigest: Buffer;
}

/**
 * The live sessions. Ids and tokens are random (128 and 256 bits); only a digest of the token is
 * kept. All methods are synchronous, so one request's work on a session never interleaves another's.
 */
export class SessionStore {
  readonly #entries = new Map<string, Entry>();
  readonly #expired = new Map<string, number>();
  readonly #limits: SessionLimits;
  readonly #now: () => number;

  readonly #onClose: (id: string) => void;
  readonly #idPrefix: string;

  /** `idPrefix`: one base64url character every id starts with (a worker's index, under `serve --workers`). */
  constructor(limits: SessionLimits, now: () => number, onClose: (id: string) => void = () => {}, idPrefix = '') {
    this.#limits = limits;
    this.#now = now;
    this.#onClose = onClose;
    this.#idPrefix = idPrefix;
  }

  get size(): number {
    return this.#entries.size;
  }

  get limits(): SessionLimits {
    return this.#limits;
  }

  /** Throws 503 unless one more session fits (after evicting idle ones). Call before building the env. */
  ensureRoom(): void {
    if (this.#entries.size < this.#limits.maxSessions) return;
    this.sweep();
    if (this.#entries.size >= this.#limits.maxSessions) {
      throw new HttpError(503, 'too_many_sessions', `the server holds its maximum of ${this.#limits.maxSessions} live sessions (--max-sessions); close one (DELETE /v1/sessions/{id}) or retry later`, { 'retry-after': '1' });
    }
  }

  open(envId: string, env: Env): { session: Session; token: string } {
    this.ensureRoom();
    let id: string;
    do id = this.#idPrefix + randomBytes(ID_BYTES).toString('base64url').slice(this.#idPrefix.length);
    while (this.#entries.has(id));
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    const session: Session = { id, envId, env, lastUsed: this.#now(), steps: 0, sent: emptySent() };
    this.#entries.set(id, { session, tokenDigest: digest(token) });
    return { session, token };
  }

  /** The session `id` if `authorization` carries its token; marks it used. */
  access(id: string, authorization: string | undefined): Session {
    const entry = ID_SHAPE.test(id) ? this.#entries.get(id) : undefined;
    if (entry === undefined) {
      if (this.#expired.has(id)) throw new HttpError(410, 'session_expired', `session ${id} was closed after ${this.#limits.ttlMs} ms idle (--session-ttl-ms); create a new one`);
      throw new HttpError(404, 'session_not_found', `no session ${JSON.stringify(id)} (it was closed, or never existed)`);
    }
    const bearer = BEARER.exec(authorization ?? '');
    if (bearer === null) throw new HttpError(401, 'unauthorized', 'send the session token returned at creation as "Authorization: Bearer <token>"', { 'www-authenticate': 'Bearer' });
    if (!timingSafeEqual(digest(bearer[1]!), entry.tokenDigest)) throw new HttpError(403, 'forbidden', `the token does not belong to session ${id}`);
    const now = this.#now();
    if (now - entry.session.lastUsed > this.#limits.ttlMs) {
      this.#expire(id);
      return this.access(id, authorization);
    }
    entry.session.lastUsed = now;
    return entry.session;
  }

  /** Refuses (429) a step beyond the session's limit. */
  checkStepAllowed(session: Session): void {
    if (session.steps >= this.#limits.maxSteps) {
      throw new HttpError(429, 'step_limit', `session ${session.id} has taken its limit of ${this.#limits.maxSteps} steps (--max-session-steps); close it and create a new one`);
    }
  }

  close(id: string): void {
    const entry = this.#entries.get(id);
    if (entry === undefined) return;
    this.#entries.delete(id);
    this.#onClose(id);
    entry.session.env.close();
  }

  /** Closes every session idle for longer than the TTL; returns how many. */
  sweep(): number {
    const cutoff = this.#now() - this.#limits.ttlMs;
    let evicted = 0;
    for (const [id, entry] of this.#entries) {
      if (entry.session.lastUsed < cutoff) {
        this.#expire(id);
        evicted++;
      }
    }
    return evicted;
  }

  closeAll(): void {
    for (const id of [...this.#entries.keys()]) this.close(id);
    this.#expired.clear();
  }

  #expire(id: string): void {
    this.close(id);
    this.#expired.set(id, this.#now());
    if (this.#expired.size > EXPIRED_MEMORY) this.#expired.delete(this.#expired.keys().next().value!);
  }
}
