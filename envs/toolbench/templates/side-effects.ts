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
  db: (s) => overlayHasRows(s.db.inserted) || overlayHasRows(s.db.deleted) || overlayHasRows(s.db.updated),
};

const CHANNEL_NAMES = Object.keys(CHANNELS) as WriteChannel[];

function overlayHasRows(part: Readonly<Record<string, unknown>>): boolean {
  for (const key of Object.keys(part)) {
    const rows = part[key];
    if ((Array.isArray(rows) ? rows.length : Object.keys(rows as object).length) > 0) return true;
  }
  return false;
}

/** What the episode wrote outside the channels the task allows, or null when it wrote nothing else. */
export function undeclaredWrites(state: ToolBenchState, allowed: readonly WriteChannel[]): string | null {
  let extra: WriteChannel[] | null = null;
  for (const channel of CHANNEL_NAMES) if (!allowed.includes(channel) && CHANNELS[channel](state)) (extra ??= []).push(channel);
  return extra === null ? null : `the task asked for no change to ${extra.join(', ')}, but the episode made one`;
}
