import type { JsonValue } from '../../src/index.js';

/**
 * The episode state: plain JSON, an overlay of what the agent changed over the shared read-only
 * world. Created records get ids from one counter, so replaying the same calls gives the same ids.
 */
export interface ToolBenchState {
  seq: number;
  watchlist: string[];
  playlists: Playlist[];
  viewings: Viewing[];
  portfolio: Portfolio;
  savedArticles: SavedArticle[];
  foodOrders: FoodOrder[];
  flightBookings: FlightBooking[];
  hotelBookings: HotelBooking[];
  cart: Cart;
  shopOrders: ShopOrder[];
  /** Units sold per product, taken off the world's stock. */
  sold: Record<string, number>;
  applications: JobApplication[];
  enrollments: Enrollment[];
  db: DatabaseOverlay;
}

export interface Playlist {
  id: string;
  name: string;
  description: string;
  track_ids: string[];
  duration_ms: number;
}

export interface Viewing {
  id: string;
  property_id: string;
  date: string;
  name: string;
}

export interface Trade {
  id: string;
  symbol: string;
  side: 'buy' | 'sell';
  quantity: number;
  price: number;
  amount: number;
}

export interface Portfolio {
  cash: number;
  positions: Record<string, number>;
  trades: Trade[];
}

export interface SavedArticle {
  id: string;
  article_id: string;
  tags: string[];
}

export interface LineItem {
  item_id: string;
  name: string;
  quantity: number;
  unit_price: number;
}

export interface FoodOrder {
  id: string;
  restaurant_id: string;
  items: LineItem[];
  subtotal: number;
  delivery_fee: number;
  total: number;
}

export interface FlightBooking {
  id: string;
  flight_id: string;
  passenger: string;
  price: number;
  status: 'confirmed' | 'cancelled';
}

export interface HotelBooking {
  id: string;
  hotel_id: string;
  guest: string;
  checkin: string;
  checkout: string;
  nights: number;
  total: number;
  status: 'confirmed' | 'cancelled';
}

export interface Cart {
  items: LineItem[];
  item_count: number;
  subtotal: number;
}

export interface ShopOrder {
  id: string;
  items: LineItem[];
  subtotal: number;
  shipping: number;
  total: number;
  address: string;
}

export interface JobApplication {
  id: string;
  job_id: string;
  name: string;
  email: string;
}

export interface Enrollment {
  id: string;
  course_id: string;
  student: string;
}

export type DbRow = Record<string, JsonValue>;

export interface DatabaseOverlay {
  inserted: Record<string, DbRow[]>;
  deleted: Record<string, string[]>;
  updated: Record<string, Record<string, DbRow>>;
}

export function createState(startingCash: number): ToolBenchState {
  return {
    seq: 1,
    watchlist: [],
    playlists: [],
    viewings: [],
    portfolio: { cash: startingCash, positions: {}, trades: [] },
    savedArticles: [],
    foodOrders: [],
    flightBookings: [],
    hotelBookings: [],
    cart: { items: [], item_count: 0, subtotal: 0 },
    shopOrders: [],
    sold: {},
    applications: [],
    enrollments: [],
    db: { inserted: {}, deleted: {}, updated: {} },
  };
}

/** The next id of a created record, e.g. `PL-0003`. */
export function nextId(state: ToolBenchState, prefix: string): string {
  const id = `${prefix}-${String(state.seq).padStart(4, '0')}`;
  state.seq++;
  return id;
}
