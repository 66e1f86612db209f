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
    const keys = Object.keys(record).sort();
    let out = '{';
    let first = true;
    for (const key of keys) {
      const text = this.#write(record[key]);
      if (text === undefined) continue;
      out += `${first ? '' : ','}${JSON.stringify(key)}:${text}`;
      first = false;
    }
    return `${out}}`;
  }
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
