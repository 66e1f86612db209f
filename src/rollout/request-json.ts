/**
 * The JSON of a chat request body as UTF-8 bytes, written without serialising or encoding again
 * the parts it shares with earlier requests. An episode's transcript grows by a message or two a
 * step and every step sends all of it: serialised whole each time, its cost grows with the square
 * of its length. Parts registered here (a message, a tool list) are serialised and encoded once;
 * a request copies their bytes into one buffer, byte for byte what `JSON.stringify(body)` writes.
 * The body lives outside the JavaScript heap while its request is in flight (a text would be
 * flattened and encoded on the way out, twice, and copied by every young-generation collection).
 */
import { bodyWithHeadroom } from './headroom.js';

type Pieces = readonly Buffer[];

const pieces = new WeakMap<object, Pieces>();

const OPEN_LIST = Buffer.from('[');
const CLOSE_LIST = Buffer.from(']');
const COMMA = Buffer.from(',');
const NULL = Buffer.from('null');
const OPEN_OBJECT = Buffer.from('{');
const CLOSE_OBJECT = Buffer.from('}');

/** Registers `value`'s JSON text (the caller promises `value` is never changed afterwards); returns `value`. */
export function withJson<T extends object>(value: T, json: string = JSON.stringify(value)): T {
  pieces.set(value, [Buffer.from(json, 'utf8')]);
  return value;
}

/**
 * A list of registered (or plain) parts, registered itself as the join of their texts. `joined`:
 * the list's bytes are copied into one buffer now, for a list sent many times (an episode's tool
 * list, at every step), so each request copies one piece instead of two per item.
 */
export function jsonList<T extends object>(items: readonly T[], joined = false): T[] {
  const out: Buffer[] = [OPEN_LIST];
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out.push(COMMA);
    pushPieces(out, items[i], NULL);
  }
  out.push(CLOSE_LIST);
  const list = [...items];
  pieces.set(list, joined ? [Buffer.concat(out)] : out);
  return list;
}

/** Appends `value`'s JSON bytes (`absent` when JSON.stringify writes nothing for it); false when nothing was written. */
function pushPieces(out: Buffer[], value: unknown, absent: Buffer | null): boolean {
  if (typeof value === 'object' && value !== null) {
    const known = pieces.get(value);
    if (known !== undefined) {
      for (let i = 0; i < known.length; i++) out.push(known[i]!);
      return true;
    }
  }
  const text = JSON.stringify(value) as string | undefined;
  if (text === undefined) {
    if (absent !== null) out.push(absent);
    return absent !== null;
  }
  out.push(Buffer.from(text, 'utf8'));
  return true;
}

/** Object keys of request bodies come from a small vocabulary: each is quoted and encoded once. */
const quotedKeys = new Map<string, Buffer>();
const MAX_QUOTED_KEYS = 256;

function quotedKey(key: string): Buffer {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = Buffer.from(`${JSON.stringify(key)}:`, 'utf8');
    if (quotedKeys.size < MAX_QUOTED_KEYS) quotedKeys.set(key, quoted);
  }
  return quoted;
}

/** `JSON.stringify(body)` as UTF-8 bytes, with registered values at the top level taken as already written. */
export function requestJson(body: object): Buffer {
  const out: Buffer[] = [OPEN_OBJECT];
  for (const key of Object.keys(body)) {
    const at = out.length;
    if (at > 1) out.push(COMMA);
    out.push(quotedKey(key));
    if (!pushPieces(out, (body as Record<string, unknown>)[key], null)) out.length = at;
  }
  out.push(CLOSE_OBJECT);
  let length = 0;
  for (let i = 0; i < out.length; i++) length += out[i]!.length;
  // with room for the request head in front (see headroom.ts): the body is not copied again to join it
  const bytes = bodyWithHeadroom(length);
  let at = 0;
  for (let i = 0; i < out.length; i++) {
    bytes.set(out[i]!, at);
    at += out[i]!.length;
  }
  return bytes;
}
