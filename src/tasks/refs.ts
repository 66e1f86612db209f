import type { JsonValue } from '../core/json.js';

/**
 * Where a solution-path argument comes from: a literal, a placeholder's value, a field of an
 * earlier step's output (a dotted path, `results.0.id`), or a function of both.
 */
export type ArgSource =
  | { readonly from: 'literal'; readonly value: JsonValue }
  | { readonly from: 'placeholder'; readonly name: string }
  | { readonly from: 'output'; readonly step: string; readonly path: string }
  | { readonly from: 'compute'; readonly fn: (scope: PathScope) => JsonValue; readonly uses?: readonly string[] };

/** What argument sources can read while a path runs. */
export interface PathScope {
  readonly values: Readonly<Record<string, JsonValue>>;
  readonly outputs: Readonly<Record<string, JsonValue>>;
}

export const ref = {
  literal: (value: JsonValue): ArgSource => ({ from: 'literal', value }),
  placeholder: (name: string): ArgSource => ({ from: 'placeholder', name }),
  output: (step: string, path = ''): ArgSource => ({ from: 'output', step, path }),
  /** `uses` names the earlier steps it reads, so the definition check can order them. */
  compute: (fn: (scope: PathScope) => JsonValue, uses: readonly string[] = []): ArgSource => ({ from: 'compute', fn, uses }),
};

/** Reads a dotted path (`a.b.0.c`) from a JSON value; undefined when any step is missing. */
export function readPath(value: JsonValue | undefined, path: string): JsonValue | undefined {
  if (path === '') return value;
  let current: JsonValue | undefined = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    if (Array.isArray(current)) {
      const index = Number(key);
      current = Number.isInteger(index) ? current.at(index) : undefined;
    } else {
      current = Object.prototype.hasOwnProperty.call(current, key) ? current[key] : undefined;
    }
  }
  return current;
}

export function resolveArg(source: ArgSource, scope: PathScope): JsonValue | undefined {
  switch (source.from) {
    case 'literal':
      return source.value;
    case 'placeholder':
      return scope.values[source.name];
    case 'output':
      return readPath(scope.outputs[source.step], source.path);
    case 'compute':
      return source.fn(scope);
  }
}
