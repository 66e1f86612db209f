import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toolbenchEnvironment } from '../../envs/toolbench/index.js';
import type { ToolBenchState } from '../../envs/toolbench/state.js';
import { undeclaredWrites, writeMask, writesOutside, type WriteChannel } from '../../envs/toolbench/templates/side-effects.js';

// The final-state check reads which parts of the state an episode wrote from a mask made in one
// pass; these are the channel tests as first written (a closure per channel, Object.keys counts).
const PLAIN: Readonly<Record<WriteChannel, (s: ToolBenchState) => boolean>> = {
  watchlist: (s) => s.watchlist.length > 0,
  playlists: (s) => s.playlists.length > 0,
  viewings: (s) => s.viewings.length > 0,
  portfolio: (s) => s.portfolio.trades.length > 0 || Object.keys(s.portfolio.positions).length > 0,
  savedArticles: (s) => s.savedArticles.length > 0,
  foodOrders: (s) => s.foodOrders.length > 0,
  flightBookings: (s) => s.flightBookings.length > 0,
  hotelBookings: (s) => s.hotelBookings.length > 0,
  cart: (s) => s.cart.items.length > 0,
  shopOrders: (s) => s.shopOrders.length > 0 || Object.keys(s.sold).length > 0,
  applications: (s) => s.applications.length > 0,
  enrollments: (s) => s.enrollments.length > 0,
  db: (s) => overlay(s.db.inserted) || overlay(s.db.deleted) || overlay(s.db.updated),
};
const overlay = (part: Record<string, unknown>): boolean => Object.keys(part).some((k) => (Array.isArray(part[k]) ? (part[k] as unknown[]).length : Object.keys(part[k] as object).length) > 0);
const CHANNELS = Object.keys(PLAIN) as WriteChannel[];

function plainUndeclared(state: ToolBenchState, allowed: readonly WriteChannel[]): string | null {
  const extra = CHANNELS.filter((c) => !allowed.includes(c) && PLAIN[c](state));
  return extra.length === 0 ? null : `the task asked for no change to ${extra.join(', ')}, but the episode made one`;
}

const world = toolbenchEnvironment.world(toolbenchEnvironment.worldSeedFor({ seed: 0, split: toolbenchEnvironment.definition.defaultSplit }));
const fresh = (): ToolBenchState => toolbenchEnvironment.sandbox(world).createState(world) as ToolBenchState;

/** One write to the state: a list entry, a key in a record, or an empty table / row map in the database overlay. */
const WRITES: readonly ((s: ToolBenchState) => void)[] = [
  (s) => s.watchlist.push('m1'),
  (s) => s.playlists.push({ id: 'PL-1', name: 'p', description: '', track_ids: [], duration_ms: 0 }),
  (s) => s.viewings.push({ id: 'V-1', property_id: 'p', date: '2024-01-01', name: 'n' }),
  (s) => s.portfolio.trades.push({ id: 'T-1', symbol: 'A', side: 'buy', quantity: 1, price: 1, amount: 1 }),
  (s) => { s.portfolio.positions['A'] = 0; },
  (s) => s.savedArticles.push({ id: 'S-1', article_id: 'a', tags: [] }),
  (s) => s.foodOrders.push({ id: 'F-1', restaurant_id: 'r', items: [], subtotal: 0, delivery_fee: 0, total: 0 }),
  (s) => s.flightBookings.push({ id: 'B-1', flight_id: 'f', passenger: 'p', price: 1, status: 'confirmed' }),
  (s) => s.hotelBookings.push({ id: 'H-1', hotel_id: 'h', guest: 'g', checkin: 'a', checkout: 'b', nights: 1, total: 1, status: 'cancelled' }),
  (s) => s.cart.items.push({ item_id: 'i', name: 'n', quantity: 1, unit_price: 1 }),
  (s) => s.shopOrders.push({ id: 'O-1', items: [], subtotal: 0, shipping: 0, total: 0, address: 'a' }),
  (s) => { s.sold['B0'] = 1; },
  (s) => s.applications.push({ id: 'J-1', job_id: 'j', name: 'n', email: 'e' }),
  (s) => s.enrollments.push({ id: 'E-1', course_id: 'c', student: 's' }),
  (s) => { s.db.inserted['orders'] = []; },
  (s) => { s.db.inserted['orders'] = [{ id: 'o1' }]; },
  (s) => { s.db.deleted['orders'] = []; },
  (s) => { s.db.deleted['0'] = ['o1']; },
  (s) => { s.db.updated['orders'] = {}; },
  (s) => { s.db.updated['__proto__'] = { o1: { id: 'o1' } }; },
  (s) => { s.db.updated['orders'] = { o1: { id: 'o1' } }; },
];

describe('ToolBench final-state check: writes outside the declared channels', () => {
  it('the one-pass mask names exactly the channels the closure-per-channel check named, in the same order', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(WRITES.length - 1), { maxLength: 6 }), fc.subarray(CHANNELS), fc.boolean(), (writes, allowed, cloned) => {
        let state = fresh();
        for (const w of writes) WRITES[w]!(state);
        // A restored snapshot's state is a structured clone: plain objects as well, the same answer.
        if (cloned) state = structuredClone(state);
        const want = plainUndeclared(state, allowed);
        expect(undeclaredWrites(state, allowed)).toBe(want);
        expect(writesOutside(state, writeMask(allowed))).toBe(want);
      }),
      { numRuns: 2000 },
    );
  });
});
