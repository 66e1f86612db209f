import { deepFreeze } from './deep-freeze.js';
/**
 * Instances a reset may take without zod's parse of them. An instance this process generated (a
 * drawn episode's, handed out as `env.instance`) is parsed the first time it comes back as
 * `reset({ options: { instance } })`, as any given instance is; when it is exactly that parse's
 * output (plain objects and arrays only, the same keys in the same order, the same values) it is
 * deep-frozen and trusted: it cannot change any more, so a later reset with it would parse it to
 * the same output again. Instances from elsewhere (files, other processes) are never trusted.
 */
const generated = new WeakSet<object>();
const trusted = new WeakSet<object>();

/** Deeper than any instance a reset accepts (the caller-shape bound is 64). */
const MAX_DEPTH = 80;

export function markGenerated(instance: object): void {
  generated.add(instance);
}

export function isTrustedInstance(value: unknown): boolean {
  return typeof value === 'object' && value !== null && trusted.has(value);
}

/** Trusts a generated instance that is exactly its parse (see above); anything else is left as it is. */
export function trustIfExact(given: unknown, parsed: unknown): void {
  if (typeof given !== 'object' || given === null || !generated.has(given) || !sameData(given, parsed, 0)) return;
  deepFreeze(given, MAX_DEPTH);
  trusted.add(given);
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return Array.isArray(value) ? proto === Array.prototype : proto === Object.prototype;
}

/** Whether `a` is plain data (own enumerable data properties, no symbols) equal to `b` key by key, in order. */
function sameData(a: unknown, b: unknown, depth: number): boolean {
  if (typeof a !== 'object' || a === null) return Object.is(a, b);
  if (typeof b !== 'object' || b === null || depth > MAX_DEPTH || !isPlain(a) || !isPlain(b) || Array.isArray(a) !== Array.isArray(b)) return false;
  if (Object.getOwnPropertySymbols(a).length > 0) return false;
  const names = Object.getOwnPropertyNames(a);
  const keys = Object.keys(a);
  const otherKeys = Object.keys(b);
  // An array's names add `length`; anything else not enumerable (or a getter) is not plain data.
  if (names.length !== keys.length + (Array.isArray(a) ? 1 : 0) || keys.length !== otherKeys.length) return false;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (key !== otherKeys[i]) return false;
    const d = Object.getOwnPropertyDescriptor(a, key)!;
    if (!('value' in d) || !sameData(d.value, (b as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}
