import { addDays, weekday } from '../dates.js';
import { round2 } from '../money.js';
import type { DomainContext } from './context.js';
import { indexBy } from './context.js';
import { FIRST_NAMES, LAST_NAMES, scaled, uniqueStrings } from './names.js';

export interface Company {
  readonly symbol: string;
  readonly name: string;
  readonly exchange: 'NASDAQ' | 'NYSE';
  readonly sector: string;
  readonly industry: string;
  readonly ceo: string;
  readonly employees: number;
  readonly ipo_date: string;
  readonly shares_outstanding: number;
  readonly dividend_per_share: number;
}

export interface DailyPrice {
  readonly date: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export interface FinanceWorld {
  readonly companies: readonly Company[];
  /** Trading days (weekdays) up to the last one on or before today, oldest first. */
  readonly tradingDays: readonly string[];
  /** Daily prices per symbol, oldest first (a plain record: it is data, not an index). */
  readonly prices: Readonly<Record<string, readonly DailyPrice[]>>;
  readonly companyBySymbol: ReadonlyMap<string, Company>;
  /** Units of each currency per US dollar. */
  readonly usdRates: Readonly<Record<string, number>>;
  /** Cash in the paper-trading account when an episode starts. */
  readonly startingCash: number;
}

const SECTORS: readonly (readonly [string, readonly string[]])[] = [
  ['Technology', ['Software', 'Semiconductors', 'Consumer Electronics']],
  ['Healthcare', ['Biotechnology', 'Medical Devices']],
  ['Energy', ['Solar', 'Oil & Gas']],
  ['Consumer Cyclical', ['Restaurants', 'Apparel Retail', 'Auto Manufacturers']],
  ['Financial Services', ['Banks', 'Insurance']],
  ['Industrials', ['Aerospace & Defense', 'Railroads']],
];
const NAME_A = ['Northwind', 'Bluepeak', 'Silverline', 'Redwood', 'Quantum', 'Harbor', 'Summit', 'Ironclad', 'Brightpath', 'Evergreen', 'Crescent', 'Pioneer', 'Atlas', 'Lumina', 'Vertex', 'Cobalt'];
const NAME_B = ['Robotics', 'Therapeutics', 'Energy', 'Foods', 'Systems', 'Motors', 'Bancorp', 'Semiconductor', 'Apparel', 'Aerospace', 'Networks', 'Health', 'Logistics', 'Labs'];
const SUFFIX = ['Inc.', 'Corp.', 'Holdings', 'Group', 'Co.'];
const BASE_RATES: Readonly<Record<string, number>> = { USD: 1, EUR: 0.93, GBP: 0.79, JPY: 157.2, CAD: 1.37, AUD: 1.51, CHF: 0.89, CNY: 7.25, INR: 83.5, MXN: 18.4, BRL: 5.35, SEK: 10.5, SGD: 1.35, KRW: 1380, ZAR: 18.3, AED: 3.67 };

function symbolOf(name: string, taken: Set<string>, pickLetter: () => number): string {
  const letters = name.replace(/[^A-Za-z]/g, '').toUpperCase();
  for (let attempt = 0; attempt < 50; attempt++) {
    const len = 3 + (attempt % 2);
    let s = letters[0]!;
    while (s.length < len) s += letters[pickLetter() % letters.length]!;
    if (!taken.has(s)) {
      taken.add(s);
      return s;
    }
  }
  throw new Error(`no free ticker symbol for ${name}`);
}

export function buildFinance(ctx: DomainContext): FinanceWorld {
  const { rng, today } = ctx;
  const count = scaled(36, ctx.scale, 12, 130);
  const names = uniqueStrings(count, () => `${rng.pick(NAME_A)} ${rng.pick(NAME_B)}`);
  const taken = new Set<string>();
  const companies: Company[] = names.map((base) => {
    const [sector, industries] = rng.pick(SECTORS);
    return {
      symbol: symbolOf(base, taken, () => rng.int(0, 1000)),
      name: `${base} ${rng.pick(SUFFIX)}`,
      exchange: rng.chance(0.55) ? 'NASDAQ' : 'NYSE',
      sector,
      industry: rng.pick(industries),
      ceo: `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`,
      employees: rng.int(40, 2400) * 50,
      ipo_date: addDays('1980-01-01', rng.int(0, 365 * 42)),
      shares_outstanding: rng.int(20, 4000) * 1_000_000,
      dividend_per_share: rng.chance(0.5) ? round2(rng.next() * 4) : 0,
    };
  });

  const tradingDays: string[] = [];
  for (let back = 84; back >= 0; back--) {
    const d = addDays(today, -back);
    const wd = weekday(d);
    if (wd !== 'Saturday' && wd !== 'Sunday') tradingDays.push(d);
  }
  const prices: Record<string, DailyPrice[]> = {};
  for (const company of companies) {
    let close = round2(8 + rng.next() * rng.next() * 600);
    const series: DailyPrice[] = [];
    for (const date of tradingDays) {
      const open = round2(close * (1 + (rng.next() - 0.5) * 0.01));
      close = Math.max(1, round2(open * (1 + (rng.next() - 0.48) * 0.045)));
      const high = round2(Math.max(open, close) * (1 + rng.next() * 0.012));
      const low = round2(Math.min(open, close) * (1 - rng.next() * 0.012));
      series.push({ date, open, high, low, close, volume: rng.int(200, 90_000) * 100 });
    }
    prices[company.symbol] = series;
  }
  const usdRates: Record<string, number> = {};
  for (const [code, rate] of Object.entries(BASE_RATES)) usdRates[code] = code === 'USD' ? 1 : Number((rate * (0.98 + rng.next() * 0.04)).toPrecision(6));
  return {
    companies,
    tradingDays,
    prices,
    companyBySymbol: indexBy(companies, 'symbol'),
    usdRates,
    startingCash: rng.int(20, 100) * 1000,
  };
}
