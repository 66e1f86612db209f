import type { FieldValue, OrgRecord } from './types.js';
import { groupKeyPart } from './value-keys.js';

/** A table's records split into GROUP BY groups once per records array and expression (the org is immutable once queried). */
export interface GroupCodes {
  /** Each record's group, numbered in order of first appearance in the table. */
  readonly codes: Int32Array;
  /** How many groups there are. */
  readonly size: number;
  /** Records per group. */
  readonly counts: Int32Array;
  /** Position of each group's first record. */
  readonly first: Int32Array;
  /** The expression's value on each group's first record. */
  readonly firstValues: readonly FieldValue[];
  /** Per group, 1 when every record of it holds exactly that value (Object.is): any of its records reads as the first. */
  readonly uniform: Uint8Array;
}

const byRecords = new WeakMap<readonly OrgRecord[], Map<string, GroupCodes>>();
const nullFree = new WeakMap<readonly OrgRecord[], Map<string, boolean>>();

/**
 * The groups of `GROUP BY expr`, where `name` names the expression exactly (a field's own name, or
 * a date function of it) and `get` reads it: the same partition as grouping by `groupKeyPart` of each value.
 */
export function groupCodes(records: readonly OrgRecord[], name: string, get: (record: OrgRecord) => FieldValue): GroupCodes {
  let byField = byRecords.get(records);
  if (byField === undefined) byRecords.set(records, (byField = new Map()));
  let built = byField.get(name);
  if (built === undefined) {
    const codes = new Int32Array(records.length);
    const numbers = new Map<string, number>();
    const counts: number[] = [];
    const first: number[] = [];
    const firstValues: FieldValue[] = [];
    const mixed = new Set<number>();
    for (let i = 0; i < records.length; i++) {
      const value = get(records[i] as OrgRecord);
      const key = groupKeyPart(value);
      let code = numbers.get(key);
      if (code === undefined) {
        numbers.set(key, (code = counts.length));
        counts.push(0);
        first.push(i);
        firstValues.push(value);
      }
      else if (!Object.is(firstValues[code], value)) mixed.add(code);
      codes[i] = code;
      counts[code] = (counts[code] as number) + 1;
    }
    const uniform = new Uint8Array(counts.length).fill(1);
    for (const code of mixed) uniform[code] = 0;
    byField.set(name, (built = { codes, size: counts.length, counts: Int32Array.from(counts), first: Int32Array.from(first), firstValues, uniform }));
  }
  return built;
}

/** Whether every record holds a non-null value in the field, so COUNT(field) counts records. */
export function neverNull(records: readonly OrgRecord[], name: string): boolean {
  let byField = nullFree.get(records);
  if (byField === undefined) nullFree.set(records, (byField = new Map()));
  let answer = byField.get(name);
  if (answer === undefined) {
    answer = records.every((record) => (record[name] ?? null) !== null);
    byField.set(name, answer);
  }
  return answer;
}
