import type { Condition, Literal } from './ast.js';
import type { TableRef } from './org-catalog.js';
import type { OrgRecord } from './types.js';

/**
 * Positions of a table's records by the lower-case text of one field, built on first use per
 * records array and field (tables are immutable once queried, see QueryableOrg).
 */
const indexes = new WeakMap<readonly OrgRecord[], Map<string, ReadonlyMap<string, readonly number[]>>>();

function fieldIndex(records: readonly OrgRecord[], name: string): ReadonlyMap<string, readonly number[]> {
  let byField = indexes.get(records);
  if (byField === undefined) indexes.set(records, (byField = new Map()));
  let index = byField.get(name);
  if (index === undefined) {
    const built = new Map<string, number[]>();
    for (let i = 0; i < records.length; i++) {
      const value = (records[i] as OrgRecord)[name];
      if (typeof value !== 'string') continue;
      const key = value.toLowerCase();
      const positions = built.get(key);
      if (positions === undefined) built.set(key, [i]);
      else positions.push(i);
    }
    byField.set(name, (index = built));
  }
  return index;
}

/** The texts a condition on one field of the table itself equals (`F = 'x'`, `F IN ('x', 'y')`), or null. */
function equalityTexts(condition: Condition): { field: string; texts: string[] } | null {
  let literals: readonly Literal[];
  if (condition.kind === 'compare' && condition.op === '=') literals = [condition.right];
  else if (condition.kind === 'in' && !condition.negated) literals = condition.values;
  else return null;
  const left = condition.left;
  if (left.kind !== 'field' || left.path.length !== 1) return null;
  const texts: string[] = [];
  for (const literal of literals) {
    if (literal.kind !== 'string') return null;
    texts.push(literal.value);
  }
  return { field: left.path[0] as string, texts };
}

/**
 * The ascending positions of the only records that can satisfy `where`, read from an equality
 * index when `where` is, or is an AND of, a string equality or IN list on a plain field; null
 * when no such condition narrows the table. A superset: the caller still applies the full
 * condition to each record, so the result is the table scan's, in the same order.
 */
export function indexedPositions(table: TableRef, where: Condition | null): readonly number[] | null {
  if (where === null) return null;
  const items = where.kind === 'and' ? where.items : [where];
  let best: readonly number[] | null = null;
  for (const item of items) {
    const equality = equalityTexts(item);
    if (equality === null) continue;
    const info = table.schema.field(equality.field);
    if (info === undefined) continue;
    const index = fieldIndex(table.records, info.name);
    const keys = new Set(equality.texts.map((text) => text.toLowerCase()));
    let positions: readonly number[];
    if (keys.size === 1) {
      positions = index.get(keys.values().next().value as string) ?? [];
    } else {
      const merged: number[] = [];
      for (const key of keys) for (const position of index.get(key) ?? []) merged.push(position);
      positions = merged.sort((a, b) => a - b);
    }
    if (best === null || positions.length < best.length) best = positions;
  }
  return best;
}
