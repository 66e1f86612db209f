import { randomBytes } from 'node:crypto';
import type { EnvSnapshot } from '../core/env.js';
import { HttpError } from './http-error.js';

interface Stored {
  readonly session: string;
  readonly snapshot: EnvSnapshot;
  readonly bytes: number;
}

export interface SnapshotStoreLimits {
  /** Total bytes (as JSON) of every stored snapshot; the least recently used go first. */
  readonly maxBytes: number;
  /** Snapshots one session keeps; its oldest goes first. */
  readonly perSession: number;
}

const HANDLE = /^snap_[A-Za-z0-9_-]{22}$/;

/**
 * Snapshots kept by the server and named by a handle, so a long episode's snapshot (megabytes for
 * a CRM episode) never crosses the wire. A handle belongs to the session that stored it. Stored
 * snapshots were made in this process and are restored as such.
 */
export class SnapshotStore {
  readonly #entries = new Map<string, Stored>();
  readonly #limits: SnapshotStoreLimits;
  #bytes = 0;

  constructor(limits: SnapshotStoreLimits) {
    this.#limits = limits;
  }

  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#entries.size;
  }

  put(session: string, snapshot: EnvSnapshot): { handle: string; bytes: number } {
    const bytes = Buffer.byteLength(JSON.stringify(snapshot) ?? '', 'utf8');
    if (bytes > this.#limits.maxBytes) {
      throw new HttpError(413, 'snapshot_too_large', `the snapshot is ${bytes} bytes, more than the server keeps (--snapshot-store-mb); fetch it with POST .../snapshot {} instead`);
    }
    const mine = [...this.#entries].filter(([, entry]) => entry.session === session);
    for (const [handle] of mine.slice(0, Math.max(0, mine.length - this.#limits.perSession + 1))) this.#drop(handle);
    const handle = `snap_${randomBytes(16).toString('base64url')}`;
    this.#entries.set(handle, { session, snapshot, bytes });
    this.#bytes += bytes;
    for (const [key] of this.#entries) {
      if (this.#bytes <= this.#limits.maxBytes) break;
      this.#drop(key);
    }
    return { handle, bytes };
  }

  /** The snapshot behind `handle` if `session` stored it (404 otherwise); marks it recently used. */
  get(session: string, handle: string): EnvSnapshot {
    const entry = HANDLE.test(handle) ? this.#entries.get(handle) : undefined;
    if (entry === undefined || entry.session !== session) {
      throw new HttpError(404, 'snapshot_not_found', `no stored snapshot ${JSON.stringify(handle)} in this session (dropped when the session closed, or evicted: the server keeps ${this.#limits.perSession} per session)`);
    }
    this.#entries.delete(handle);
    this.#entries.set(handle, entry);
    return entry.snapshot;
  }

  dropSession(session: string): void {
    for (const [handle, entry] of this.#entries) if (entry.session === session) this.#drop(handle);
  }

  #drop(handle: string): void {
    const entry = this.#entries.get(handle);
    if (entry === undefined) return;
    this.#entries.delete(handle);
    this.#bytes -= entry.bytes;
  }
}
