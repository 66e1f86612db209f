import { addDays, daysBetween } from './dates.js';
import { round2 } from './money.js';
import type { ToolBenchState } from './state.js';
import { liveRows } from './tools/database-table.js';
import { FREE_SHIPPING_FROM, SHIPPING_FEE } from './tools/shop.js';
import type { ToolBenchWorld } from './world/world.js';

const close = (a: number, b: number): boolean => Math.abs(a - b) < 0.005;

/**
 * What is wrong with an episode state over its world: dangling ids, stock or seats oversold,
 * totals that do not add up, duplicates. Empty when the state is consistent. Write tools must
 * keep it empty whatever they are asked to do.
 */
export function stateProblems(world: ToolBenchWorld, state: ToolBenchState): string[] {
  const problems: string[] = [];
  const fail = (why: string): void => {
    problems.push(why);
  };

  if (new Set(state.watchlist).size !== state.watchlist.length) fail('the watchlist has duplicates');
  for (const id of state.watchlist) if (!world.movies.movieById.has(id)) fail(`watchlist movie ${id} does not exist`);

  for (const p of state.playlists) {
    let duration = 0;
    for (const id of p.track_ids) {
      const t = world.music.trackById.get(id);
      if (!t) fail(`playlist ${p.id} holds unknown track ${id}`);
      else duration += t.duration_ms;
    }
    if (duration !== p.duration_ms) fail(`playlist ${p.id} duration ${p.duration_ms} != ${duration}`);
  }

  for (const v of state.viewings) if (!world.realEstate.listingById.has(v.property_id)) fail(`tour of unknown property ${v.property_id}`);

  const account = state.portfolio;
  if (account.cash < -0.005) fail(`negative cash ${account.cash}`);
  let cash = world.finance.startingCash;
  const held: Record<string, number> = {};
  for (const t of account.trades) {
    if (!world.finance.companyBySymbol.has(t.symbol)) fail(`trade of unknown symbol ${t.symbol}`);
    if (!close(t.amount, round2(t.price * t.quantity))) fail(`trade ${t.id} amount ${t.amount} != price x quantity`);
    cash += t.side === 'buy' ? -t.amount : t.amount;
    held[t.symbol] = (held[t.symbol] ?? 0) + (t.side === 'buy' ? t.quantity : -t.quantity);
  }
  if (!close(cash, account.cash)) fail(`cash ${account.cash} does not match the trades (${round2(cash)})`);
  for (const [symbol, n] of Object.entries(held)) {
    if (n < 0) fail(`negative position in ${symbol}`);
    if ((account.positions[symbol] ?? 0) !== n) fail(`position ${symbol} ${account.positions[symbol] ?? 0} != ${n} from trades`);
  }
  for (const [symbol, n] of Object.entries(account.positions)) if (!(n > 0) || held[symbol] !== n) fail(`position ${symbol} = ${n} is not backed by trades`);

  const saved = new Set<string>();
  for (const s of state.savedArticles) {
    if (!world.news.articleById.has(s.article_id)) fail(`saved unknown article ${s.article_id}`);
    if (saved.has(s.article_id)) fail(`article ${s.article_id} saved twice`);
    saved.add(s.article_id);
  }

  for (const o of state.foodOrders) {
    const r = world.food.restaurantById.get(o.restaurant_id);
    if (!r) fail(`food order ${o.id} from unknown store ${o.restaurant_id}`);
    for (const line of o.items) {
      const m = world.food.menuItemById.get(line.item_id);
      if (!m || m.restaurant_id !== o.restaurant_id) fail(`food order ${o.id} has item ${line.item_id} not on the menu`);
      else if (m.price !== line.unit_price) fail(`food order ${o.id} prices ${line.item_id} at ${line.unit_price}, menu says ${m.price}`);
      if (!(line.quantity >= 1)) fail(`food order ${o.id} has quantity ${line.quantity}`);
    }
    const subtotal = round2(o.items.reduce((s, l) => s + l.quantity * l.unit_price, 0));
    if (!close(subtotal, o.subtotal) || !close(o.total, round2(o.subtotal + o.delivery_fee)) || (r && r.delivery_fee !== o.delivery_fee)) fail(`food order ${o.id} totals do not add up`);
  }

  const seatsTaken = new Map<string, number>();
  for (const b of state.flightBookings) {
    const f = world.travel.flightById.get(b.flight_id);
    if (!f) {
      fail(`booking ${b.id} on unknown flight ${b.flight_id}`);
      continue;
    }
    if (b.price !== f.price) fail(`booking ${b.id} price ${b.price} != fare ${f.price}`);
    if (b.status === 'confirmed') seatsTaken.set(f.id, (seatsTaken.get(f.id) ?? 0) + 1);
  }
  for (const [id, n] of seatsTaken) if (n > world.travel.flightById.get(id)!.seats) fail(`flight ${id} oversold (${n} bookings)`);

  for (const b of state.hotelBookings) {
    const h = world.travel.hotelById.get(b.hotel_id);
    if (!h) {
      fail(`reservation ${b.id} at unknown hotel ${b.hotel_id}`);
      continue;
    }
    if (b.nights !== daysBetween(b.checkin, b.checkout) || b.nights < 1) fail(`reservation ${b.id} nights do not match its dates`);
    if (b.total !== b.nights * h.price_per_night) fail(`reservation ${b.id} total ${b.total} != nights x rate`);
    if (b.status !== 'confirmed') continue;
    for (let night = b.checkin; night < b.checkout; night = addDays(night, 1)) {
      const taken = state.hotelBookings.filter((x) => x.hotel_id === h.id && x.status === 'confirmed' && x.checkin <= night && night < x.checkout).length;
      if (taken > h.rooms) fail(`hotel ${h.id} overbooked on ${night}`);
    }
  }

  const cart = state.cart;
  for (const line of cart.items) {
    const p = world.shop.productByAsin.get(line.item_id);
    if (!p) fail(`cart holds unknown product ${line.item_id}`);
    else {
      if (p.price !== line.unit_price) fail(`cart prices ${line.item_id} at ${line.unit_price}, catalogue says ${p.price}`);
      if (line.quantity > p.stock - (state.sold[p.asin] ?? 0)) fail(`cart holds more ${p.asin} than in stock`);
    }
    if (!(line.quantity >= 1)) fail(`cart line ${line.item_id} has quantity ${line.quantity}`);
  }
  if (new Set(cart.items.map((i) => i.item_id)).size !== cart.items.length) fail('the cart lists a product twice');
  if (cart.item_count !== cart.items.reduce((s, i) => s + i.quantity, 0)) fail('cart item_count is off');
  if (!close(cart.subtotal, round2(cart.items.reduce((s, i) => s + i.quantity * i.unit_price, 0)))) fail('cart subtotal is off');

  const soldByOrders: Record<string, number> = {};
  for (const o of state.shopOrders) {
    for (const line of o.items) {
      if (!world.shop.productByAsin.has(line.item_id)) fail(`order ${o.id} holds unknown product ${line.item_id}`);
      soldByOrders[line.item_id] = (soldByOrders[line.item_id] ?? 0) + line.quantity;
    }
    const subtotal = round2(o.items.reduce((s, i) => s + i.quantity * i.unit_price, 0));
    const shipping = subtotal >= FREE_SHIPPING_FROM ? 0 : SHIPPING_FEE;
    if (!close(subtotal, o.subtotal) || o.shipping !== shipping || !close(o.total, round2(subtotal + shipping))) fail(`order ${o.id} totals do not add up`);
  }
  for (const [asin, n] of Object.entries(state.sold)) {
    const p = world.shop.productByAsin.get(asin);
    if (!p) fail(`sold unknown product ${asin}`);
    else if (n > p.stock) fail(`negative stock for ${asin}`);
    if (soldByOrders[asin] !== n) fail(`sold count of ${asin} does not match the orders`);
  }
  for (const asin of Object.keys(soldByOrders)) if (state.sold[asin] === undefined) fail(`orders of ${asin} are not counted as sold`);

  const applied = new Set<string>();
  for (const a of state.applications) {
    if (!world.jobs.jobById.has(a.job_id)) fail(`application to unknown job ${a.job_id}`);
    const key = `${a.job_id}|${a.email}`;
    if (applied.has(key)) fail(`duplicate application ${key}`);
    applied.add(key);
  }

  const enrolled = new Map<string, number>();
  const learners = new Set<string>();
  for (const e of state.enrollments) {
    const c = world.education.courseById.get(e.course_id);
    if (!c) fail(`enrollment in unknown course ${e.course_id}`);
    enrolled.set(e.course_id, (enrolled.get(e.course_id) ?? 0) + 1);
    const key = `${e.course_id}|${e.student}`;
    if (learners.has(key)) fail(`duplicate enrollment ${key}`);
    learners.add(key);
  }
  for (const [id, n] of enrolled) {
    const c = world.education.courseById.get(id);
    if (c && c.enrolled + n > c.capacity) fail(`course ${id} over capacity`);
  }

  const db = world.database;
  const live = new Map(db.tables.map((t) => [t.name, liveRows(state, t)]));
  for (const t of db.tables) {
    const rows = live.get(t.name)!;
    const ids = new Set(rows.map((r) => r['id']));
    if (ids.size !== rows.length) fail(`table ${t.name} has duplicate ids`);
    for (const column of t.columns) {
      for (const row of rows) {
        const value = row[column.name];
        if (column.values && !column.values.includes(value as string)) fail(`${t.name} ${String(row['id'])}.${column.name} = ${String(value)} is not allowed`);
        if (column.references && !live.get(column.references)!.some((r) => r['id'] === value)) fail(`${t.name} ${String(row['id'])}.${column.name} -> missing ${column.references} ${String(value)}`);
      }
    }
  }
  const prices = new Map(live.get('products')!.map((r) => [r['id'], r['unit_price'] as number]));
  for (const o of live.get('orders')!) {
    const price = prices.get(o['product_id']);
    if (price !== undefined && !close(o['amount'] as number, round2(price * (o['quantity'] as number)))) fail(`order ${String(o['id'])} amount is not unit_price x quantity`);
  }
  return problems;
}
