import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { contentHash } from '../core/json.js';

/**
 * Model responses on disk, one JSON file per request, named by a stable hash of everything that
 * shaped the request. A run replayed with the same cache makes no network call at all.
 */
export class ResponseCache {
  readonly dir: string;
  #sequence = 0;

  constructor(dir: string) {
    this.dir = dir;
  }

  /** The cache key of a request: the same request (whatever the key order) gives the same key. */
  static key(request: unknown): string {
    return contentHash(request, 32);
  }

  #path(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  /** The stored response, or undefined on a miss (an unreadable entry counts as a miss). */
  async get(key: string): Promise<unknown> {
    let text: string;
    try {
      text = await readFile(this.#path(key), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const entry = JSON.parse(text) as { response?: unknown };
      return entry.response;
    } catch {
      return undefined;
    }
  }

  /** Stores a response; written to a temporary file and renamed, so a reader never sees half an entry. */
  async set(key: string, request: unknown, response: unknown): Promise<void> {
    const path = this.#path(key);
    await mkdir(join(this.dir, key.slice(0, 2)), { recursive: true });
    const tmp = `${path}.${process.pid}.${this.#sequence++}.tmp`;
    await writeFile(tmp, `${JSON.stringify({ key, request, response })}\n`);
    await rename(tmp, path);
  }
}
