import { addDays } from '../dates.js';
import type { DomainContext } from './context.js';
import { groupBy, indexBy } from './context.js';
import { scaled, uniqueStrings } from './names.js';

export interface Product {
  readonly asin: string;
  readonly title: string;
  readonly brand: string;
  readonly category: string;
  readonly kind: string;
  readonly price: number;
  readonly list_price: number;
  readonly rating: number;
  readonly ratings_total: number;
  readonly stock: number;
  readonly prime: boolean;
}

export interface Review {
  readonly id: string;
  readonly asin: string;
  readonly rating: number;
  readonly title: string;
  readonly date: string;
  readonly verified: boolean;
}

export interface ShopWorld {
  readonly products: readonly Product[];
  readonly reviews: readonly Review[];
  readonly kinds: readonly string[];
  readonly productByAsin: ReadonlyMap<string, Product>;
  /** Reviews per product, newest first. */
  readonly reviewsByAsin: ReadonlyMap<string, readonly Review[]>;
}

const CATALOG: Readonly<Record<string, readonly (readonly [string, number, number])[]>> = {
  Electronics: [['Wireless Earbuds', 19, 249], ['Bluetooth Speaker', 25, 199], ['USB-C Charger', 12, 69], ['Mechanical Keyboard', 45, 189], ['Webcam', 29, 149], ['Portable SSD', 59, 229]],
  'Home & Kitchen': [['Chef Knife', 18, 160], ['French Press', 15, 60], ['Air Fryer', 49, 199], ['Cast Iron Skillet', 19, 89], ['Electric Kettle', 22, 99]],
  'Sports & Outdoors': [['Yoga Mat', 15, 89], ['Water Bottle', 9, 45], ['Camping Lantern', 14, 69], ['Resistance Bands', 9, 39], ['Trail Backpack', 39, 179]],
  'Toys & Games': [['Puzzle 1000 Pieces', 12, 35], ['Building Blocks Set', 19, 129], ['Board Game', 15, 65]],
  Beauty: [['Face Moisturizer', 9, 69], ['Hair Dryer', 25, 249], ['Sunscreen SPF 50', 8, 35]],
};
const BRANDS = ['Aurora', 'Nimbus', 'Kestrel', 'Fjord', 'Lumo', 'Brava', 'Orca', 'Tessel', 'Vanta', 'Quill', 'Zephyr', 'Mosaic'];
const QUALIFIERS = ['Pro', 'Lite', 'Max', 'Plus', 'Mini', 'Classic', 'Eco', 'Ultra', 'Go', 'Prime'];
const REVIEW_TITLES: Readonly<Record<number, readonly string[]>> = {
  1: ['Stopped working', 'Not as described', 'Very disappointed'],
  2: ['Meh', 'Expected more', 'Flimsy build'],
  3: ['Does the job', 'Average', 'Okay for the price'],
  4: ['Solid choice', 'Pretty good', 'Would buy again'],
  5: ['Love it', 'Excellent', 'Best purchase this year'],
};

export function buildShop(ctx: DomainContext): ShopWorld {
  const { rng, today } = ctx;
  const count = scaled(130, ctx.scale, 60, 1500);
  const entries = Object.entries(CATALOG).flatMap(([category, kinds]) => kinds.map(([kind, lo, hi]) => ({ category, kind, lo, hi })));
  const titles = uniqueStrings(count, () => {
    const e = rng.pick(entries);
    return `${rng.pick(BRANDS)} ${e.kind} ${rng.pick(QUALIFIERS)}|${e.kind}`;
  });
  const asins = uniqueStrings(count, () => `B0${rng.int(10, 99)}${Array.from({ length: 6 }, () => 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'[rng.int(0, 33)]).join('')}`);
  const products: Product[] = titles.map((raw, i) => {
    const [title, kind] = raw.split('|') as [string, string];
    const e = entries.find((x) => x.kind === kind)!;
    const price = Math.round((e.lo + rng.next() * (e.hi - e.lo)) * 100) / 100;
    return {
      asin: asins[i]!,
      title,
      brand: title.split(' ')[0]!,
      category: e.category,
      kind,
      price,
      list_price: rng.chance(0.4) ? Math.round(price * (1.1 + rng.next() * 0.4) * 100) / 100 : price,
      rating: Math.round((2.8 + rng.next() * 2.2) * 10) / 10,
      ratings_total: rng.int(3, 25_000),
      stock: rng.int(0, 9) === 0 ? 0 : rng.int(1, 60),
      prime: rng.chance(0.6),
    };
  });
  const reviews: Review[] = [];
  let serial = rng.int(100000, 900000);
  for (const p of products) {
    const n = rng.int(2, 7);
    for (let k = 0; k < n; k++) {
      const stars = Math.max(1, Math.min(5, Math.round(p.rating + (rng.next() - 0.5) * 3)));
      reviews.push({ id: `R${serial++}`, asin: p.asin, rating: stars, title: rng.pick(REVIEW_TITLES[stars]!), date: addDays(today, -rng.int(1, 400)), verified: rng.chance(0.75) });
    }
  }
  const reviewsByAsin = new Map<string, Review[]>();
  for (const [asin, list] of groupBy(reviews, (r) => r.asin)) reviewsByAsin.set(asin, [...list].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0)));
  return { products, reviews, kinds: entries.map((e) => e.kind), productByAsin: indexBy(products, 'asin'), reviewsByAsin };
}
