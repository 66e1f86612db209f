import type { JsonValue } from './json.js';

/**
 * JSON text of shared immutable records (frozen plain objects whose own properties are all data
 * properties holding primitives), made once per record and kept while it lives. Tools that hand
 * out a world's shared records (CRMArena's case views) return the same objects call after call;
 * their text need not be rebuilt each time.
 */
const recordTexts = new WeakMap<object, string>();
/** Frozen objects seen not to qualify (an accessor, a nested value, another prototype). */
const notRecords = new WeakSet<object>();

/** Arrays shorter than this are stringified whole: the cache cannot pay for itself. */
const MIN_ITEMS = 8;

function isSharedRecord(value: object): boolean {
  if (!Object.isFrozen(value)) return false;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  const descriptors = Object.getOwnPropertyDescriptors(value);
  for (const key of Object.keys(descriptors)) {
    const d = descriptors[key]!;
    if (!('value' in d)) return false;
    const v: unknown = d.value;
    if (typeof v === 'object' ? v !== null : typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return false;
  }
  return true;
}

function recordText(item: unknown): string | null {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return null;
  const known = recordTexts.get(item);
  if (known !== undefined) return known;
  if (notRecords.has(item) || !Object.isFrozen(item)) return null;
  if (!isSharedRecord(item)) {
    notRecords.add(item);
    return null;
  }
  const text = JSON.stringify(item);
  recordTexts.set(item, text);
  return text;
}

/** Exactly `JSON.stringify(value)`; an array of shared records is joined from their cached texts. */
export function jsonText(value: JsonValue): string {
  if (!Array.isArray(value) || value.length < MIN_ITEMS) return JSON.stringify(value);
  const parts: string[] = new Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const text = recordText(value[i]);
    if (text === null) return JSON.stringify(value);
    parts[i] = text;
  }
  return `[${parts.join(',')}]`;
}
