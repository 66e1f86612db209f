import { createHash } from 'node:crypto';
import stableStringify from 'fast-json-stable-stringify';

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** JSON with object keys sorted: the same value always gives the same bytes. */
export function stableJson(value: unknown): string {
  return stableStringify(value);
}

/** A short content hash (hex sha256 prefix) of a value's stable JSON. */
export function contentHash(value: unknown, length = 16): string {
  return createHash('sha256').update(stableStringify(value)).digest('hex').slice(0, length);
}

/** Deep copy of a JSON-compatible value. */
export function cloneJson<T>(value: T): T {
  return structuredClone(value);
}
