import type { ToolBenchState } from '../state.js';

/** The parts of the episode state a task may write. */
export type WriteChannel =
  | 'watchlist' | 'playlists' | 'viewings' | 'portfolio' | 'savedArticles' | 'foodOrders' | 'flightBookings'
  | 'hotelBookings' | 'cart' | 'shopOrders' | 'applications' | 'enrollments' | 'db';

/** The channels in the order a message names them; bit i of a write mask stands for CHANNEL_NAMES[i]. */
const CHANNEL_NAMES: readonly WriteChannel[] = [
  'watchlist', 'playlists', 'viewings', 'portfolio', 'savedArticles', 'foodOrders', 'flightBookings',
  'hotelBookings', 'cart', 'shopOrders', 'applications', 'enrollments', 'db',
];

/** The mask of a set of channels. */
export function writeMask(channels: readonly WriteChannel[]): number {
  let mask = 0;
  for (const channel of channels) mask |= 1 << CHANNEL_NAMES.indexOf(channel);
  return mask;
}

/**
 * The channels the episode wrote, as a mask: one straight pass over the state (this runs once per
 * episode, on the final step, where a walk through a table of closures ran cold).
 */
function writtenMask(s: ToolBenchState): number {
  let mask = 0;
  if (s.watchlist.length > 0) mask |= 1 << 0;
  if (s.playlists.length > 0) mask |= 1 << 1;
  if (s.viewings.length > 0) mask |= 1 << 2;
  if (s.portfolio.trades.length > 0 || hasOwnKey(s.portfolio.positions)) mask |= 1 << 3;
  if (s.savedArticles.length > 0) mask |= 1 << 4;
  if (s.foodOrders.length > 0) mask |= 1 << 5;
  if (s.flightBookings.length > 0) mask |= 1 << 6;
  if (s.hotelBookings.length > 0) mask |= 1 << 7;
  if (s.cart.items.length > 0) mask |= 1 << 8;
  if (s.shopOrders.length > 0 || hasOwnKey(s.sold)) mask |= 1 << 9;
  if (s.applications.length > 0) mask |= 1 << 10;
  if (s.enrollments.length > 0) mask |= 1 << 11;
  if (overlayHasRows(s.db.inserted) || overlayHasRows(s.db.deleted) || overlayHasRows(s.db.updated)) mask |= 1 << 12;
  return mask;
}

/** Whether the object has an own enumerable string key (Object.keys(o).length > 0, without the array). */
function hasOwnKey(o: object): boolean {
  for (const key in o) if (Object.hasOwn(o, key)) return true;
  return false;
}

function overlayHasRows(part: Readonly<Record<string, unknown>>): boolean {
  for (const key in part) {
    if (!Object.hasOwn(part, key)) continue;
    const rows = part[key];
    if (Array.isArray(rows) ? rows.length > 0 : hasOwnKey(rows as object)) return true;
  }
  return false;
}

/** What the episode wrote outside the channels the task allows, or null when it wrote nothing else. */
export function undeclaredWrites(state: ToolBenchState, allowed: readonly WriteChannel[]): string | null {
  return writesOutside(state, writeMask(allowed));
}

/** undeclaredWrites with the allowed channels given as a mask (see writeMask). */
export function writesOutside(state: ToolBenchState, allowedMask: number): string | null {
  const extra = writtenMask(state) & ~allowedMask;
  if (extra === 0) return null;
  const names: WriteChannel[] = [];
  for (let i = 0; i < CHANNEL_NAMES.length; i++) if ((extra & (1 << i)) !== 0) names.push(CHANNEL_NAMES[i]!);
  return `the task asked for no change to ${names.join(', ')}, but the episode made one`;
}
