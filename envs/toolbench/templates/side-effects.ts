import type { ToolBenchState } from '../state.js';

/** The parts of the episode state a task may write. */
export type WriteChannel =
  | 'watchlist' | 'playlists' | 'viewings' | 'portfolio' | 'savedArticles' | 'foodOrders' | 'flightBookings'
  | 'hotelBookings' | 'cart' | 'shopOrders' | 'applications' | 'enrollments' | 'db';

const CHANNELS: Readonly<Record<WriteChannel, (state: ToolBenchState) => boolean>> = {
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
  db: (s) => [s.db.inserted, s.db.deleted, s.db.updated].some((part) => Object.values(part).some((rows) => (Array.isArray(rows) ? rows.length : Object.keys(rows).length) > 0)),
};

/** What the episode wrote outside the channels the task allows, or null when it wrote nothing else. */
export function undeclaredWrites(state: ToolBenchState, allowed: readonly WriteChannel[]): string | null {
  const extra = (Object.keys(CHANNELS) as WriteChannel[]).filter((channel) => !allowed.includes(channel) && CHANNELS[channel](state));
  return extra.length === 0 ? null : `the task asked for no change to ${extra.join(', ')}, but the episode made one`;
}
