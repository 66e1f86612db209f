/**
 * A rough count of the heap bytes a plain value holds, for caches that bound themselves by memory:
 * objects and arrays reached more than once (within one estimate) are counted once; strings each
 * time they are reached (they carry no identity to tell). Iterative, so deep values cannot
 * overflow the stack. The constants are V8's typical sizes on 64-bit builds without pointer
 * compression (Node's); the benchmarks' memory-live-envs case reads the result against the heap.
 */

const OBJECT_HEADER = 24;
const ARRAY_HEADER = 32;
const SLOT = 8;
const STRING_HEADER = 16;
const COLLECTION_HEADER = 64;
const COLLECTION_ENTRY = 24;
const HEAP_NUMBER = 16;

export function estimateHeapBytes(value: unknown, skip: (value: object) => boolean = () => false): number {
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  let bytes = 0;
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current === 'string') {
      bytes += STRING_HEADER + ((current.length + 7) & ~7);
      continue;
    }
    if (typeof current === 'number') {
      if (!Number.isInteger(current) || current > 0x3fffffff || current < -0x40000000) bytes += HEAP_NUMBER;
      continue;
    }
    if (typeof current !== 'object' || current === null || seen.has(current)) continue;
    seen.add(current);
    if (skip(current)) continue;
    if (ArrayBuffer.isView(current)) {
      bytes += COLLECTION_HEADER + current.byteLength;
    } else if (Array.isArray(current)) {
      bytes += ARRAY_HEADER + SLOT * current.length;
      for (let i = 0; i < current.length; i++) stack.push(current[i]);
    } else if (current instanceof Map) {
      bytes += COLLECTION_HEADER + COLLECTION_ENTRY * current.size;
      for (const [k, v] of current) stack.push(k, v);
    } else if (current instanceof Set) {
      bytes += COLLECTION_HEADER + COLLECTION_ENTRY * current.size;
      for (const v of current) stack.push(v);
    } else {
      const keys = Object.keys(current);
      bytes += OBJECT_HEADER + SLOT * keys.length;
      for (const key of keys) stack.push((current as Record<string, unknown>)[key]);
    }
  }
  return bytes;
}
