import { RecentNotes } from './recent-notes.js';

/**
 * `{key: number}` records that a tool builds key by key (counts, means): their JSON text written
 * from quoted keys and number texts, and their columns noted for readers of a recalled record.
 */

/** A canonical array index ("0", "17"): JSON.stringify writes such keys before the others, whatever the order they were set in. */
const ARRAY_INDEX = /^(?:0|[1-9][0-9]{0,9})$/;

/**
 * The key's JSON member prefix (`"key":`) when a record's text can be written in the order its keys
 * were set: null for an array index (written first) or `__proto__` (which assignment does not set).
 */
export function orderedPrefix(key: string): string | null {
  return key === '__proto__' || (ARRAY_INDEX.test(key) && Number(key) < 4294967295) ? null : `${JSON.stringify(key)}:`;
}

/**
 * The texts JSON gives numbers, in order: one `JSON.stringify` of the list, cut at its commas
 * (a number's text holds none). Its shortest-digits conversion is the one `JSON.stringify` of a
 * record uses for each value (a non-finite number reads `null`), and costs half of `String`'s per number.
 */
export function numberTexts(values: readonly number[]): string[] {
  if (values.length === 0) return [];
  const text = JSON.stringify(values);
  return text.slice(1, text.length - 1).split(',');
}

/** Whether a number's JSON text parses back to the very number (not NaN, an infinity or -0). */
export function parsesBack(value: number): boolean {
  return Number.isFinite(value) && (value !== 0 || 1 / value > 0);
}

/** A number record's keys in `Object.keys` order and its values in the same order. */
export interface NumberColumns {
  readonly keys: readonly string[];
  readonly values: readonly number[];
}

/** The latest records' columns, read within a step or two of the record's making (a tool's output passed back by recall). */
const columns = new RecentNotes<NumberColumns>(16);

/**
 * Notes a frozen `{key: number}` record's columns, so that a reader walks two arrays instead of a
 * dictionary-mode record (whose `Object.keys` sorts its keys, and each read a hash look-up). The
 * caller vouches: the record is frozen (so the columns stay true), `keys` is `Object.keys(record)`,
 * `values[i]` is `record[keys[i]]`, each value a finite number that parses back from its text
 * (not -0), no key is `__proto__`, and the record parses back from its `JSON.stringify` equal.
 * A record asked about after its note was dropped is read as it is, to the same result.
 */
export function noteColumns(record: object, cols: NumberColumns): void {
  columns.set(record, cols);
}

/** The columns noted on a record among the latest notes, if any. */
export function columnsOf(record: unknown): NumberColumns | undefined {
  return columns.get(record);
}

/**
 * A `{key: number}` record read as columns: the ones noted on it when it is among the latest
 * notes, else its `Object.keys` and their values read now (the same keys and values in the same order).
 */
export function readColumns(record: Readonly<Record<string, number>>): NumberColumns {
  const noted = columns.get(record);
  if (noted !== undefined) return noted;
  const keys = Object.keys(record);
  const values = new Array<number>(keys.length);
  for (let i = 0; i < keys.length; i++) values[i] = record[keys[i]!]!;
  return { keys, values };
}
