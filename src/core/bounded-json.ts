/**
 * JSON text of a value, cut at about `budget` characters: written iteratively with an explicit
 * stack, so its cost follows the budget (and the key count of objects it opens), not the size of
 * the value, and no nesting depth can overflow the call stack. Values JSON cannot write
 * (undefined, functions) are skipped in objects and written as null in arrays, as JSON.stringify
 * does; cycles are written as null.
 */
export function boundedJson(value: unknown, budget: number): { text: string; cut: boolean } {
  let text = '';
  const stack: Frame[] = [];
  const open = new Set<object>();
  const finish = () => (text.length > budget ? { text: text.slice(0, budget), cut: true } : { text, cut: false });
  const clip = (s: string) => (s.length > budget ? s.slice(0, budget + 1) : s);
  // Writes a scalar, or opens a container (pushed on the stack).
  const write = (item: unknown): void => {
    if (typeof item === 'string') text += JSON.stringify(clip(item));
    else if (typeof item === 'number') text += Number.isFinite(item) ? String(item) : 'null';
    else if (typeof item === 'boolean') text += item ? 'true' : 'false';
    else if (typeof item !== 'object' || item === null || open.has(item)) text += 'null';
    else {
      open.add(item);
      if (Array.isArray(item)) {
        stack.push({ items: item, keys: null, index: 0, wrote: false });
        text += '[';
      } else {
        stack.push({ items: item as Record<string, unknown>, keys: Object.keys(item), index: 0, wrote: false });
        text += '{';
      }
    }
  };
  write(value === undefined ? null : value);
  while (stack.length > 0 && text.length <= budget) {
    const frame = stack[stack.length - 1]!;
    if (frame.keys === null) {
      const items = frame.items as readonly unknown[];
      if (frame.index === items.length) {
        stack.pop();
        text += ']';
        continue;
      }
      if (frame.index > 0) text += ',';
      const item = items[frame.index++];
      write(item === undefined || typeof item === 'function' || typeof item === 'symbol' ? null : item);
      continue;
    }
    const object = frame.items as Record<string, unknown>;
    let key: string | undefined;
    let item: unknown;
    do {
      key = frame.keys[frame.index++];
      item = key === undefined ? undefined : object[key];
    } while (key !== undefined && (item === undefined || typeof item === 'function' || typeof item === 'symbol'));
    if (key === undefined) {
      stack.pop();
      text += '}';
      continue;
    }
    if (frame.wrote) text += ',';
    frame.wrote = true;
    text += `${JSON.stringify(clip(key))}:`;
    write(item);
  }
  return finish();
}

interface Frame {
  readonly items: readonly unknown[] | Record<string, unknown>;
  /** The object's keys; null for an array. */
  readonly keys: readonly string[] | null;
  index: number;
  /** Whether an object member was written (the next one needs a comma). */
  wrote: boolean;
}
