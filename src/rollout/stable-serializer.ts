import { memberPrefix } from '../core/quoted-keys.js';

/**
 * Stable JSON (object keys sorted, the same bytes as `stableJson`) with a cache for values that are
 * shared and never mutated, such as an environment's tool specs: they are serialised once, not in
 * every record. Writing records is the collector's hottest path.
 */
export class StableSerializer {
  readonly #cache = new WeakMap<object, string>();

  /** Marks a value as immutable: its serialisation is computed once and reused. */
  freeze(value: object): void {
    if (!this.#cache.has(value)) this.#cache.set(value, this.#write(value));
  }

  serialize(value: unknown): string {
    return this.#write(value) ?? 'null';
  }

  #write(value: unknown): string {
    if (value === null) return 'null';
    switch (typeof value) {
      case 'string':
        return JSON.stringify(value);
      case 'number':
        return Number.isFinite(value) ? String(value) : 'null';
      case 'boolean':
        return value ? 'true' : 'false';
      case 'object':
        break;
      default:
        return undefined as unknown as string;
    }
    const cached = this.#cache.get(value as object);
    if (cached !== undefined) return cached;
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return this.#write((value as { toJSON(): unknown }).toJSON());
    if (Array.isArray(value)) {
      let out = '[';
      for (let i = 0; i < value.length; i++) {
        if (i > 0) out += ',';
        out += this.#write(value[i]) ?? 'null';
      }
      return `${out}]`;
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    // A flat object whose keys are already in order: the native stringify writes the same bytes.
    if (isSortedFlat(record, keys)) return JSON.stringify(record);
    const ordered = sortedKeys(keys);
    let out = '{';
    let first = true;
    for (const key of ordered) {
      const text = this.#write(record[key]);
      if (text === undefined) continue;
      if (!first) out += ',';
      out += memberPrefix(key);
      out += text;
      first = false;
    }
    return `${out}}`;
  }
}


/**
 * Record objects come in a few shapes (a step, a call, an assistant message), each built with its
 * keys in the same order every time: the sorted order is remembered per key sequence (keyed by its
 * first key), so a repeated shape is matched key by key rather than sorted again.
 */
const sortedOrders = new Map<string, Array<{ readonly keys: readonly string[]; readonly sorted: readonly string[] }>>();
const MAX_ORDER_HEADS = 1024;
const MAX_ORDERS_PER_HEAD = 8;

function sortedKeys(keys: string[]): readonly string[] {
  if (keys.length < 2) return keys;
  const head = keys[0]!;
  const known = sortedOrders.get(head);
  if (known !== undefined) {
    for (const order of known) if (sameKeys(order.keys, keys)) return order.sorted;
  }
  const sorted = [...keys].sort();
  if (known === undefined) {
    if (sortedOrders.size < MAX_ORDER_HEADS) sortedOrders.set(head, [{ keys, sorted }]);
  } else if (known.length < MAX_ORDERS_PER_HEAD) known.push({ keys, sorted });
  return sorted;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Keys in ascending order and every value a string, finite number, boolean, null or undefined. */
function isSortedFlat(record: Record<string, unknown>, keys: readonly string[]): boolean {
  for (let i = 0; i < keys.length; i++) {
    if (i > 0 && keys[i - 1]! >= keys[i]!) return false;
    const v = record[keys[i]!];
    if (v === null || v === undefined) continue;
    const t = typeof v;
    if (t === 'string' || t === 'boolean') continue;
    if (t === 'number' && Number.isFinite(v)) continue;
    return false;
  }
  return true;
}

/** Deep equality of two JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  let count = 0;
  for (const key of Object.keys(ra)) {
    if (ra[key] === undefined) continue;
    count++;
    if (!jsonEqual(ra[key], rb[key])) return false;
  }
  for (const key of Object.keys(rb)) if (rb[key] !== undefined) count--;
  return count === 0;
}
