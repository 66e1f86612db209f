import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { stableJson } from './json.js';

/**
 * Snapshots leave the process (over HTTP, in files) and come back to `restore()`: they carry an
 * HMAC-SHA256 of their stable JSON under a key only the process holds, so one whose return,
 * tallies, ground truth or instance was changed outside is refused. The key is random per process
 * unless set: `LAMSIM_SNAPSHOT_KEY` in the environment, or `configureSnapshotKey`, lets several
 * processes (a server's workers) accept each other's snapshots. The signature never enters an
 * episode's observations, rewards or infos, so determinism is untouched.
 */

const MIN_KEY_BYTES = 16;

let key: Buffer = initialKey();

function initialKey(): Buffer {
  const fromEnv = process.env['LAMSIM_SNAPSHOT_KEY'];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (Buffer.byteLength(fromEnv) < MIN_KEY_BYTES) throw new RangeError(`LAMSIM_SNAPSHOT_KEY must be at least ${MIN_KEY_BYTES} bytes`);
    return Buffer.from(fromEnv);
  }
  return randomBytes(32);
}

/** Sets the key snapshots are signed and verified with (at least 16 bytes; share it among workers). */
export function configureSnapshotKey(secret: string | Uint8Array): void {
  const bytes = typeof secret === 'string' ? Buffer.from(secret) : Buffer.from(secret);
  if (bytes.length < MIN_KEY_BYTES) throw new RangeError(`a snapshot key must be at least ${MIN_KEY_BYTES} bytes`);
  key = bytes;
}

/** The signature of a snapshot's fields (every field but `signature`). */
export function signSnapshot(fields: Readonly<Record<string, unknown>>): string {
  return createHmac('sha256', key).update(stableJson(fields)).digest('base64url');
}

/** Adds a `signature` field computed on first read (JSON encoding reads it; in-process restores never do). */
export function withLazySignature<T extends object>(data: T): T & { readonly signature: string } {
  let signature: string | undefined;
  const fields = { ...data } as Record<string, unknown>;
  Object.defineProperty(data, 'signature', {
    enumerable: true,
    get: () => (signature ??= signSnapshot(fields)),
  });
  return data as T & { readonly signature: string };
}

/** Why a snapshot from outside is not one this process (or one sharing its key) signed, or null if it is. */
export function signatureProblem(data: unknown): string | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'it is not an object';
  const { signature, ...fields } = data as Record<string, unknown>;
  if (typeof signature !== 'string') return 'it has no signature (snapshots are signed by the process that made them)';
  let expected: Buffer;
  let given: Buffer;
  try {
    expected = Buffer.from(signSnapshot(fields), 'base64url');
    given = Buffer.from(signature, 'base64url');
  } catch {
    return 'its fields cannot be encoded';
  }
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return 'its signature does not match its contents (it was changed after it was made, or made by a process with another snapshot key)';
  }
  return null;
}
