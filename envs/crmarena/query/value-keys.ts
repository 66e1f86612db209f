import { parseIsoMs } from './iso-dates.js';
import type { FieldKind, IsoForm } from './table-schema.js';
import type { FieldValue } from './types.js';

/** Comparable form of a value: numbers (numbers, booleans as 0/1, dates as epoch ms) or lower-case strings. */
export type Key = number | string;

/** The family a literal belongs to; a field of a definite kind only accepts its own. */
export type Domain = 'string' | 'number' | 'boolean' | 'date';

export function domainOfKind(kind: FieldKind): Domain | null {
  switch (kind) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'date':
    case 'datetime':
      return 'date';
    default:
      return null;
  }
}

/** Reads a value as a key of one domain; a value of another type reads as null (so it never equals, and != holds). */
export const KEY_READERS: Readonly<Record<Domain, (value: FieldValue) => Key | null>> = {
  string: (v) => (typeof v === 'string' ? v.toLowerCase() : null),
  number: (v) => (typeof v === 'number' ? v : null),
  boolean: (v) => (typeof v === 'boolean' ? (v ? 1 : 0) : null),
  date: (v) => (typeof v === 'string' ? parseIsoMs(v) : null),
};

const anyKey = (v: FieldValue): Key | null => {
  if (typeof v === 'string') return v.toLowerCase();
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
};

const canonicalKey = (v: FieldValue): Key | null => (typeof v === 'string' ? v : null);

/** How ORDER BY, MIN and MAX rank values of a field of this kind. */
export function sortKeyReader(kind: FieldKind, isoForm: IsoForm): (value: FieldValue) => Key | null {
  if (isoForm !== null) return canonicalKey;
  const domain = domainOfKind(kind);
  if (domain === 'date') return (v) => (typeof v === 'string' ? (parseIsoMs(v) ?? v.toLowerCase()) : anyKey(v));
  return domain === null ? anyKey : KEY_READERS[domain];
}

/** Numbers before strings; strings by UTF-16 code units of their lower-case form. */
export function compareKeys(a: Key, b: Key): number {
  if (typeof a === 'number') {
    if (typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
    return -1;
  }
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One value's part of a GROUP BY / COUNT_DISTINCT key; text groups case-insensitively, as = matches. */
export function groupKeyPart(v: FieldValue): string {
  if (v === null) return '\u0001';
  if (typeof v === 'string') return `s${v.toLowerCase()}`;
  return typeof v === 'number' ? `n${v}` : `b${v}`;
}
