/**
 * The JSON text of a chat request body, written without serialising again the parts it shares
 * with earlier requests. An episode's transcript grows by a message or two a step and every step
 * sends all of it: serialised whole each time, its cost grows with the square of its length. Parts
 * registered here (a message, a tool list) are serialised once and joined; the text is byte for
 * byte what `JSON.stringify(body)` writes.
 */
const texts = new WeakMap<object, string>();

/** Registers `value`'s JSON text (the caller promises `value` is never changed afterwards); returns `value`. */
export function withJson<T extends object>(value: T, json: string = JSON.stringify(value)): T {
  texts.set(value, json);
  return value;
}

/** A list of registered (or plain) parts, registered itself as the join of their texts. */
export function jsonList<T extends object>(items: readonly T[]): T[] {
  let out = '[';
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += ',';
    out += jsonOf(items[i]) ?? 'null';
  }
  return withJson([...items], `${out}]`);
}

function jsonOf(value: unknown): string | undefined {
  if (typeof value === 'object' && value !== null) {
    const known = texts.get(value);
    if (known !== undefined) return known;
  }
  return JSON.stringify(value);
}

/** `JSON.stringify(body)`, with registered values at the top level taken as already written. */
export function requestJson(body: object): string {
  let out = '{';
  let first = true;
  for (const key of Object.keys(body)) {
    const text = jsonOf((body as Record<string, unknown>)[key]);
    if (text === undefined) continue;
    if (!first) out += ',';
    out += JSON.stringify(key);
    out += ':';
    out += text;
    first = false;
  }
  return `${out}}`;
}
