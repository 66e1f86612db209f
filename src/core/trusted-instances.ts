import { deepFreeze } from './deep-freeze.js';
/**
 * Instances a reset may take without zod's parse of them. An instance this process generated (a
 * drawn episode's, handed out as `env.instance`) is parsed the first time it comes back as
 * `reset({ options: { instance } })`, as any given instance is; when it is that parse's output
 * as plain data (plain objects and arrays only, the same keys, the same values) it is deep-frozen
 * and trusted: it cannot change any more, so a later reset with it would parse it to the same
 * output again, and that output is what such a reset takes. When the keys are also in the parse's
 * order the instance itself is that output; otherwise (a generator that writes some key out of the
 * schema's order) a frozen copy of the first parse is kept and taken. Instances from elsewhere
 * (files, other processes) are never trusted.
 */
const generated = new WeakSet<object>();
const trusted = new WeakMap<object, object>();

/** Deeper than any instance a reset accepts (the caller-shape bound is 64). */
const MAX_DEPTH = 80;

export function markGenerated(instance: object): void {
  generated.add(instance);
}

export function isTrustedInstance(value: unknown): boolean {
  return typeof value === 'object' && value !== null && trusted.has(value);
}

/** What the schema's parse gives for a trusted instance (frozen, in the parse's key order); undefined for any other value. */
export function trustedParse(value: unknown): object | undefined {
  return typeof value === 'object' && value !== null ? trusted.get(value) : undefined;
}

/** Trusts a generated instance that is its parse as data (see above); anything else is left as it is. */
export function trustIfExact(given: unknown, parsed: unknown): void {
  if (typeof given !== 'object' || given === null || !generated.has(given)) return;
  const same = sameData(given, parsed, 0);
  if (same === NOT_SAME) return;
  deepFreeze(given, MAX_DEPTH);
  const output = same === SAME_IN_ORDER ? given : structuredClone(parsed as object);
  trusted.set(given, output);
  if (output === given) return;
  // The copy is what later replays hand out as env.instance: frozen, it is its own parse too.
  deepFreeze(output, MAX_DEPTH);
  trusted.set(output, output);
}

const NOT_SAME = 0;
const SAME_IN_ORDER = 1;
const SAME_OTHER_ORDER = 2;
type Sameness = typeof NOT_SAME | typeof SAME_IN_ORDER | typeof SAME_OTHER_ORDER;

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return Array.isArray(value) ? proto === Array.prototype : proto === Object.prototype;
}

/**
 * Whether `a` is plain data (own enumerable data properties, no symbols) equal to `b` key by key,
 * with its keys in b's order (SAME_IN_ORDER) or in another order somewhere (SAME_OTHER_ORDER).
 */
function sameData(a: unknown, b: unknown, depth: number): Sameness {
  if (typeof a !== 'object' || a === null) return Object.is(a, b) ? SAME_IN_ORDER : NOT_SAME;
  if (typeof b !== 'object' || b === null || depth > MAX_DEPTH || !isPlain(a) || !isPlain(b) || Array.isArray(a) !== Array.isArray(b)) return NOT_SAME;
  if (Object.getOwnPropertySymbols(a).length > 0 || Object.getOwnPropertySymbols(b).length > 0) return NOT_SAME;
  const names = Object.getOwnPropertyNames(a);
  const keys = Object.keys(a);
  const otherKeys = Object.keys(b);
  // An array's names add `length`; anything else not enumerable (or a getter) is not plain data.
  if (names.length !== keys.length + (Array.isArray(a) ? 1 : 0) || keys.length !== otherKeys.length) return NOT_SAME;
  if (Object.getOwnPropertyNames(b).length !== names.length) return NOT_SAME;
  let result: Sameness = SAME_IN_ORDER;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (key !== otherKeys[i]) {
      if (!Object.hasOwn(b, key)) return NOT_SAME;
      result = SAME_OTHER_ORDER;
    }
    const d = Object.getOwnPropertyDescriptor(a, key)!;
    const other = Object.getOwnPropertyDescriptor(b, key)!;
    if (!('value' in d) || !('value' in other) || !other.enumerable) return NOT_SAME;
    const item = sameData(d.value, other.value, depth + 1);
    if (item === NOT_SAME) return NOT_SAME;
    if (item === SAME_OTHER_ORDER) result = SAME_OTHER_ORDER;
  }
  return result;
}
