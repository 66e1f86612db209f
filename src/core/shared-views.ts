import { sharedValue } from './shared-json.js';

/**
 * Shared views of immutable world records, one per record and variant. A tool that shows a world
 * record the same way on every call (a listing, a league table, an article) hands out one view
 * per record instead of a fresh object; the view is a shared value (shared-json: deep-frozen, its
 * JSON text made once), and an output holding views, marked with `holdingViews`, is written by
 * `jsonText` with their texts spliced in.
 */

/**
 * The views `build` makes of shared, immutable records: made once per record (and variant, for
 * a view that also depends on a small state-derived choice, e.g. in stock or not), deep-frozen
 * with their JSON text, and kept while the record lives. Made once per `build`, at module level;
 * `build` must be a function of its arguments only, and `context` fixed for the record (the world
 * it belongs to), as only the record and the variant tell views apart.
 */
export class SharedViews<R extends object, C, V extends object> {
  readonly #plain = new WeakMap<R, V>();
  readonly #variants = new WeakMap<R, Map<string | number, V>>();

  constructor(readonly build: (record: R, context: C, variant: string | number) => V) {}

  of(record: R, context: C, variant?: string | number): V {
    if (!sharing) return this.build(record, context, variant ?? 0);
    if (variant === undefined) {
      let view = this.#plain.get(record);
      if (view === undefined) this.#plain.set(record, (view = sharedValue(this.build(record, context, 0))));
      return view;
    }
    let byVariant = this.#variants.get(record);
    if (byVariant === undefined) this.#variants.set(record, (byVariant = new Map()));
    let view = byVariant.get(variant);
    if (view === undefined) byVariant.set(variant, (view = sharedValue(this.build(record, context, variant))));
    return view;
  }
}

let sharing = true;

/** Runs `fn` with every view built afresh (neither shared nor frozen): the plain definition tests hold shared views to. */
export function withFreshViews<T>(fn: () => T): T {
  const was = sharing;
  sharing = false;
  try {
    return fn();
  } finally {
    sharing = was;
  }
}
