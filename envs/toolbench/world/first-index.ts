/**
 * The first row of a world table whose key equals a value, found through a map made once per
 * table instead of a scan per look-up (a template's final-state check finds the record its task
 * named on every graded episode). World tables never change after the world is built, so the map
 * built on first use stays exactly what `rows.find((r) => key(r) === value)` gives.
 */
export class FirstIndex<R, K extends string | number> {
  readonly #maps = new WeakMap<readonly R[], Map<K, R>>();

  /** `key` must be a function of the row alone. */
  constructor(readonly key: (row: R) => K) {}

  /** Exactly `rows.find((r) => key(r) === value)`. */
  find<T extends R>(rows: readonly T[], value: unknown): T | undefined {
    // A Map key matches by SameValueZero, which differs from === for NaN only; and only a key of the row's kind can match.
    if (typeof value !== 'string' && (typeof value !== 'number' || Number.isNaN(value))) return rows.find((r) => this.key(r) === value);
    let map = this.#maps.get(rows);
    if (map === undefined) {
      map = new Map();
      for (const row of rows) {
        const k = this.key(row);
        if (!map.has(k)) map.set(k, row);
      }
      this.#maps.set(rows, map);
    }
    return map.get(value as K) as T | undefined;
  }
}
