import { z } from 'zod';
import { holdingViews } from '../../../src/core/shared-json.js';
import { SharedViews } from '../../../src/core/shared-views.js';
import { defineApi, badRequest, conflict, notFound, type ToolBenchContext } from '../api.js';
import { round2, roundTo } from '../money.js';
import { nextId } from '../state.js';
import type { Company, DailyPrice, FinanceWorld } from '../world/finance.js';
import { rankedSearch } from './text-match.js';

const YAHOO = 'Yahoo Finance';
const ALPHA = 'Alpha Vantage';
const TWELVE = 'Twelve Data';
const FMP = 'Financial Modeling Prep';
const CONVERTER = 'Currency Converter';
const EXCHANGE = 'Currency Exchange';
const PAPER = 'Paper Trading';
const domain = 'Finance' as const;

const finance = (ctx: ToolBenchContext): FinanceWorld => ctx.world.finance;
const companyName = (c: Company): string => c.name;

function searchCompanies(w: FinanceWorld, q: string, limit: number): Company[] {
  const exact = w.companyBySymbol.get(q.trim().toUpperCase());
  const { hits } = rankedSearch(w.companies, companyName, q, limit);
  return exact ? [exact, ...hits.filter((c) => c !== exact)].slice(0, limit) : hits;
}

function lastTwo(w: FinanceWorld, symbol: string): { last: DailyPrice; previous: DailyPrice } {
  const series = w.prices[symbol]!;
  return { last: series[series.length - 1]!, previous: series[series.length - 2]! };
}

/** The latest close: what quotes report and what paper trades fill at. */
export function lastPrice(w: FinanceWorld, symbol: string): number {
  return lastTwo(w, symbol).last.close;
}

const autoCompleteQuote = (c: Company) => ({ symbol: c.symbol, shortname: c.name, exchange: c.exchange, quoteType: 'EQUITY' as const });
const autoCompleteViews = new SharedViews(autoCompleteQuote);
/** An Alpha Vantage match; its score follows its rank, the view's variant. */
const bestMatch = (c: Company, _context: null, rank: string | number) => ({ '1. symbol': c.symbol, '2. name': c.name, '3. type': 'Equity', '4. region': 'United States', '8. currency': 'USD', '9. matchScore': (1 - Number(rank) * 0.1).toFixed(4) });
const bestMatchViews = new SharedViews(bestMatch);

export const AutoCompleteOutput = z.object({ count: z.number().int(), quotes: z.array(z.object({ symbol: z.string(), shortname: z.string(), exchange: z.string(), quoteType: z.literal('EQUITY') })) });

export const autoComplete = defineApi({
  api: 'auto-complete',
  tool: YAHOO,
  domain,
  capability: 'finance.symbol_search',
  description: 'Ticker symbols of companies whose name (or symbol) matches the text.',
  input: z.object({ q: z.string().describe('Company name or ticker') }),
  output: AutoCompleteOutput,
  handler: ({ q }, ctx) => {
    const hits = searchCompanies(finance(ctx), q, 8);
    return holdingViews({ count: hits.length, quotes: hits.map((c) => autoCompleteViews.of(c, null)) });
  },
});

export const symbolSearchAlpha = defineApi({
  api: 'Symbol Search',
  tool: ALPHA,
  domain,
  capability: 'finance.symbol_search',
  adapt: (a) => ({ keywords: a['q']! }),
  description: 'Alpha Vantage best-matching symbols for keywords, with a match score.',
  input: z.object({ keywords: z.string() }),
  output: z.object({ bestMatches: z.array(z.object({ '1. symbol': z.string(), '2. name': z.string(), '3. type': z.string(), '4. region': z.string(), '8. currency': z.string(), '9. matchScore': z.string() })) }),
  handler: ({ keywords }, ctx) => {
    const hits = searchCompanies(finance(ctx), keywords, 10);
    return holdingViews({ bestMatches: hits.map((c, i) => bestMatchViews.of(c, null, i)) });
  },
});

export const QuotesOutput = z.object({
  quoteResponse: z.object({
    result: z.array(z.object({
      symbol: z.string(),
      shortName: z.string(),
      currency: z.string(),
      regularMarketPrice: z.number(),
      regularMarketChange: z.number(),
      regularMarketChangePercent: z.number(),
      regularMarketPreviousClose: z.number(),
      regularMarketVolume: z.number().int(),
      marketCap: z.number(),
      regularMarketTime: z.string(),
    })),
    error: z.null(),
  }),
});

/** A company's Yahoo quote row: one view per company (its world's prices). */
function marketQuote(c: Company, w: FinanceWorld) {
  const symbol = c.symbol;
  const { last, previous } = lastTwo(w, symbol);
  return {
    symbol,
    shortName: c.name,
    currency: 'USD',
    regularMarketPrice: last.close,
    regularMarketChange: round2(last.close - previous.close),
    regularMarketChangePercent: roundTo(((last.close - previous.close) / previous.close) * 100, 4),
    regularMarketPreviousClose: previous.close,
    regularMarketVolume: last.volume,
    marketCap: Math.round(last.close * c.shares_outstanding),
    regularMarketTime: last.date,
  };
}
const marketQuoteViews = new SharedViews(marketQuote);

export const getQuotes = defineApi({
  api: 'market/v2/get-quotes',
  tool: YAHOO,
  domain,
  capability: 'finance.quote',
  description: 'Latest quotes for one or more comma-separated ticker symbols: price, change, percent change, volume and market cap (USD).',
  input: z.object({ symbols: z.string().describe('Ticker symbols separated by commas, e.g. ABC,XYZ') }),
  output: QuotesOutput,
  handler: ({ symbols }, ctx) => {
    const w = finance(ctx);
    const list = symbols.split(',').map((s) => s.trim().toUpperCase()).filter((s) => s !== '');
    if (list.length === 0) return badRequest('symbols is empty');
    if (list.length > 10) return badRequest('at most 10 symbols per request');
    const result = [];
    for (const symbol of list) {
      const c = w.companyBySymbol.get(symbol);
      if (!c) return notFound('symbol', symbol);
      result.push(marketQuoteViews.of(c, w));
    }
    return holdingViews({ quoteResponse: { result, error: null } });
  },
});

/** A company's whole Alpha Vantage quote output: one view per company (its world's prices). */
function globalQuote(c: Company, w: FinanceWorld) {
  const s = c.symbol;
  const { last, previous } = lastTwo(w, s);
  return {
    'Global Quote': {
      '01. symbol': s, '02. open': last.open.toFixed(4), '03. high': last.high.toFixed(4), '04. low': last.low.toFixed(4), '05. price': last.close.toFixed(4), '06. volume': String(last.volume),
      '07. latest trading day': last.date, '08. previous close': previous.close.toFixed(4), '09. change': (last.close - previous.close).toFixed(4),
      '10. change percent': `${(((last.close - previous.close) / previous.close) * 100).toFixed(4)}%`,
    },
  };
}
const globalQuoteViews = new SharedViews(globalQuote);

export const globalQuoteAlpha = defineApi({
  api: 'Global Quote',
  tool: ALPHA,
  domain,
  capability: 'finance.quote',
  adapt: (a) => ({ symbol: String(a['symbols']).split(',')[0]!.trim() }),
  description: 'Alpha Vantage latest quote of one symbol; every field is a string.',
  input: z.object({ symbol: z.string() }),
  output: z.object({
    'Global Quote': z.object({
      '01. symbol': z.string(), '02. open': z.string(), '03. high': z.string(), '04. low': z.string(), '05. price': z.string(), '06. volume': z.string(),
      '07. latest trading day': z.string(), '08. previous close': z.string(), '09. change': z.string(), '10. change percent': z.string(),
    }),
  }),
  handler: ({ symbol }, ctx) => {
    const w = finance(ctx);
    const c = w.companyBySymbol.get(symbol.trim().toUpperCase());
    if (c === undefined) return notFound('symbol', symbol);
    return globalQuoteViews.of(c, w);
  },
});

export const quoteTwelve = defineApi({
  api: 'Quote',
  tool: TWELVE,
  domain,
  capability: 'finance.quote',
  adapt: (a) => ({ symbol: String(a['symbols']).split(',')[0]!.trim() }),
  description: 'Twelve Data real-time quote of one symbol (prices as strings).',
  input: z.object({ symbol: z.string(), interval: z.enum(['1day', '1week']).default('1day') }),
  output: z.object({ symbol: z.string(), name: z.string(), exchange: z.string(), currency: z.string(), datetime: z.string(), open: z.string(), high: z.string(), low: z.string(), close: z.string(), volume: z.string(), previous_close: z.string(), change: z.string(), percent_change: z.string() }),
  handler: ({ symbol }, ctx) => {
    const w = finance(ctx);
    const s = symbol.trim().toUpperCase();
    const c = w.companyBySymbol.get(s);
    if (!c) return notFound('symbol', symbol);
    const { last, previous } = lastTwo(w, s);
    return {
      symbol: s, name: c.name, exchange: c.exchange, currency: 'USD', datetime: last.date,
      open: last.open.toFixed(5), high: last.high.toFixed(5), low: last.low.toFixed(5), close: last.close.toFixed(5), volume: String(last.volume),
      previous_close: previous.close.toFixed(5), change: (last.close - previous.close).toFixed(5), percent_change: (((last.close - previous.close) / previous.close) * 100).toFixed(5),
    };
  },
});

function between(w: FinanceWorld, symbol: string, from: string, to: string): DailyPrice[] {
  return w.prices[symbol]!.filter((p) => p.date >= from && p.date <= to);
}

const priceRow = (p: DailyPrice) => ({ ...p });
const priceRowViews = new SharedViews(priceRow);

export const HistoricalOutput = z.object({ symbol: z.string(), prices: z.array(z.object({ date: z.string(), open: z.number(), high: z.number(), low: z.number(), close: z.number(), volume: z.number().int() })) });

export const historicalData = defineApi({
  api: 'stock/v3/get-historical-data',
  tool: YAHOO,
  domain,
  capability: 'finance.history',
  description: 'Daily prices of a symbol between two dates (inclusive), newest first; at most 30 trading days per request.',
  input: z.object({ symbol: z.string(), period1: z.iso.date().describe('First day, YYYY-MM-DD'), period2: z.iso.date().describe('Last day, YYYY-MM-DD') }),
  output: HistoricalOutput,
  handler: ({ symbol, period1, period2 }, ctx) => {
    const w = finance(ctx);
    const s = symbol.trim().toUpperCase();
    if (!w.companyBySymbol.has(s)) return notFound('symbol', symbol);
    if (period2 < period1) return badRequest('period2 is before period1');
    const rows = between(w, s, period1, period2);
    if (rows.length > 30) return badRequest(`${rows.length} trading days requested; at most 30 per request`);
    return holdingViews({ symbol: s, prices: rows.slice().reverse().map((p) => priceRowViews.of(p, null)) });
  },
});

export const timeSeriesTwelve = defineApi({
  api: 'Time Series',
  tool: TWELVE,
  domain,
  capability: 'finance.history',
  adapt: (a) => ({ symbol: a['symbol']!, start_date: a['period1']!, end_date: a['period2']! }),
  description: 'Twelve Data daily candles between start_date and end_date, newest first, values as strings.',
  input: z.object({ symbol: z.string(), interval: z.literal('1day').default('1day'), start_date: z.iso.date(), end_date: z.iso.date() }),
  output: z.object({ meta: z.object({ symbol: z.string(), interval: z.string(), currency: z.string() }), values: z.array(z.object({ datetime: z.string(), open: z.string(), high: z.string(), low: z.string(), close: z.string(), volume: z.string() })), status: z.literal('ok') }),
  handler: ({ symbol, interval, start_date, end_date }, ctx) => {
    const w = finance(ctx);
    const s = symbol.trim().toUpperCase();
    if (!w.companyBySymbol.has(s)) return notFound('symbol', symbol);
    if (end_date < start_date) return badRequest('end_date is before start_date');
    const rows = between(w, s, start_date, end_date).reverse();
    return {
      meta: { symbol: s, interval, currency: 'USD' },
      values: rows.slice(0, 60).map((p) => ({ datetime: p.date, open: p.open.toFixed(5), high: p.high.toFixed(5), low: p.low.toFixed(5), close: p.close.toFixed(5), volume: String(p.volume) })),
      status: 'ok' as const,
    };
  },
});

export const ProfileOutput = z.array(z.object({
  symbol: z.string(),
  companyName: z.string(),
  ceo: z.string(),
  sector: z.string(),
  industry: z.string(),
  fullTimeEmployees: z.string(),
  ipoDate: z.string(),
  exchangeShortName: z.string(),
  mktCap: z.number(),
  price: z.number(),
  lastDiv: z.number(),
}));

export const companyProfile = defineApi({
  api: 'Company Profile',
  tool: FMP,
  domain,
  capability: 'finance.profile',
  description: "A listed company's profile: CEO, sector, industry, employees, IPO date, market cap, price and annual dividend.",
  input: z.object({ symbol: z.string() }),
  output: ProfileOutput,
  handler: ({ symbol }, ctx) => {
    const w = finance(ctx);
    const c = w.companyBySymbol.get(symbol.trim().toUpperCase());
    if (!c) return [];
    const price = lastPrice(w, c.symbol);
    return [{
      symbol: c.symbol, companyName: c.name, ceo: c.ceo, sector: c.sector, industry: c.industry, fullTimeEmployees: String(c.employees), ipoDate: c.ipo_date,
      exchangeShortName: c.exchange, mktCap: Math.round(price * c.shares_outstanding), price, lastDiv: c.dividend_per_share,
    }];
  },
});

export const companyOverviewAlpha = defineApi({
  api: 'Company Overview',
  tool: ALPHA,
  domain,
  capability: 'finance.profile',
  adapt: (a) => ({ symbol: a['symbol']! }),
  description: 'Alpha Vantage company overview of a symbol; all values are strings (an empty object for an unknown symbol).',
  input: z.object({ symbol: z.string() }),
  output: z.union([
    z.object({ Symbol: z.string(), Name: z.string(), Exchange: z.string(), Sector: z.string(), Industry: z.string(), FullTimeEmployees: z.string(), IPODate: z.string(), MarketCapitalization: z.string(), DividendPerShare: z.string(), ChiefExecutive: z.string() }),
    z.object({}).strict(),
  ]),
  handler: ({ symbol }, ctx) => {
    const w = finance(ctx);
    const c = w.companyBySymbol.get(symbol.trim().toUpperCase());
    if (!c) return {} as Record<string, never>;
    return {
      Symbol: c.symbol, Name: c.name, Exchange: c.exchange, Sector: c.sector.toUpperCase(), Industry: c.industry.toUpperCase(), FullTimeEmployees: String(c.employees), IPODate: c.ipo_date,
      MarketCapitalization: String(Math.round(lastPrice(w, c.symbol) * c.shares_outstanding)), DividendPerShare: c.dividend_per_share.toFixed(2), ChiefExecutive: c.ceo,
    };
  },
});

const currency = z.string().describe('ISO currency code, e.g. EUR');
function rate(w: FinanceWorld, from: string, to: string): number | null {
  const a = w.usdRates[from.trim().toUpperCase()];
  const b = w.usdRates[to.trim().toUpperCase()];
  return a === undefined || b === undefined ? null : b / a;
}

export const ConvertOutput = z.object({ from: z.string(), to: z.string(), amount: z.number(), rate: z.number(), result: z.number(), date: z.string() });

export const convertCurrency = defineApi({
  api: 'Convert',
  tool: CONVERTER,
  domain,
  capability: 'finance.convert',
  description: "Converts an amount between two currencies at today's rate.",
  input: z.object({ from: currency, to: currency, amount: z.number().min(0).max(1e12) }),
  output: ConvertOutput,
  handler: ({ from, to, amount }, ctx) => {
    const r = rate(finance(ctx), from, to);
    if (r === null) return badRequest(`unsupported currency pair ${from}/${to}`);
    return { from: from.toUpperCase(), to: to.toUpperCase(), amount, rate: roundTo(r, 6), result: round2(amount * r), date: ctx.world.today };
  },
});

export const exchangeCurrency = defineApi({
  api: 'exchange',
  tool: EXCHANGE,
  domain,
  capability: 'finance.convert',
  adapt: (a) => ({ from: a['from']!, to: a['to']!, q: a['amount']! }),
  description: 'Value of q units of one currency in another, as a bare number.',
  input: z.object({ from: currency, to: currency, q: z.number().min(0).max(1e12).default(1) }),
  output: z.number(),
  handler: ({ from, to, q }, ctx) => {
    const r = rate(finance(ctx), from, to);
    if (r === null) return badRequest(`unsupported currency pair ${from}/${to}`);
    return round2(q * r);
  },
});

export const OrderOutput = z.object({ order_id: z.string(), symbol: z.string(), side: z.enum(['buy', 'sell']), quantity: z.number().int(), filled_price: z.number(), amount: z.number(), cash_after: z.number(), status: z.literal('filled') });

export const placeOrder = defineApi({
  api: 'Place Order',
  tool: PAPER,
  domain,
  writes: true,
  description: 'Buys or sells whole shares in the paper-trading account at the latest price. Buying needs enough cash; selling needs enough shares.',
  input: z.object({ symbol: z.string(), side: z.enum(['buy', 'sell']), quantity: z.number().int().min(1).max(100_000) }),
  output: OrderOutput,
  handler: ({ symbol, side, quantity }, ctx) => {
    const w = finance(ctx);
    const s = symbol.trim().toUpperCase();
    if (!w.companyBySymbol.has(s)) return notFound('symbol', symbol);
    const price = lastPrice(w, s);
    const amount = round2(price * quantity);
    const account = ctx.state.portfolio;
    const held = account.positions[s] ?? 0;
    if (side === 'buy' && amount > account.cash) return conflict(`insufficient cash: the order costs ${amount.toFixed(2)} but the account holds ${account.cash.toFixed(2)}`);
    if (side === 'sell' && quantity > held) return conflict(`cannot sell ${quantity} ${s}: the account holds ${held}`);
    account.cash = round2(account.cash + (side === 'buy' ? -amount : amount));
    const remaining = held + (side === 'buy' ? quantity : -quantity);
    if (remaining === 0) delete account.positions[s];
    else account.positions[s] = remaining;
    const trade = { id: nextId(ctx.state, 'ORD'), symbol: s, side, quantity, price, amount };
    account.trades.push(trade);
    return { order_id: trade.id, symbol: s, side, quantity, filled_price: price, amount, cash_after: account.cash, status: 'filled' as const };
  },
});

export const AccountOutput = z.object({ cash: z.number(), positions: z.array(z.object({ symbol: z.string(), quantity: z.number().int(), last_price: z.number(), market_value: z.number() })), equity: z.number() });

export const getAccount = defineApi({
  api: 'Get Account',
  tool: PAPER,
  domain,
  description: 'The paper-trading account: cash, positions at the latest prices, and total equity.',
  input: z.object({}),
  output: AccountOutput,
  handler: (_args, ctx) => {
    const w = finance(ctx);
    const account = ctx.state.portfolio;
    const positions = Object.keys(account.positions).sort().map((symbol) => {
      const quantity = account.positions[symbol]!;
      const last = lastPrice(w, symbol);
      return { symbol, quantity, last_price: last, market_value: round2(last * quantity) };
    });
    return { cash: account.cash, positions, equity: round2(account.cash + positions.reduce((s, p) => s + p.market_value, 0)) };
  },
});

export const financeTools = [autoComplete, symbolSearchAlpha, getQuotes, globalQuoteAlpha, quoteTwelve, historicalData, timeSeriesTwelve, companyProfile, companyOverviewAlpha, convertCurrency, exchangeCurrency, placeOrder, getAccount];
