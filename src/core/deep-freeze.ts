/**
 * Freezes every object reachable from `value` through own enumerable properties, down to
 * `maxDepth` levels. A frozen object may still hold unfrozen ones, so frozen objects are walked too.
 */
export function deepFreeze(value: unknown, maxDepth = 80, depth = 0): void {
  if (typeof value !== 'object' || value === null || depth > maxDepth) return;
  Object.freeze(value);
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (typeof item === 'object' && item !== null) deepFreeze(item, maxDepth, depth + 1);
  }
}
