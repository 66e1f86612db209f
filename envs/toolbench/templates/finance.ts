import { z } from 'zod';
import { ref } from '../../../src/index.js';
import { roundTo } from '../money.js';
import {
  autoComplete, companyProfile, convertCurrency, getAccount, getQuotes, historicalData, placeOrder,
  type AccountOutput, type AutoCompleteOutput, type ConvertOutput, type HistoricalOutput, type ProfileOutput, type QuotesOutput,
} from '../tools/finance.js';
import { output, toolbenchTemplate, uniqueMax, type Outputs, type SampleScope } from './define.js';
import { FirstIndex } from '../world/first-index.js';

const companyByShortName = new FirstIndex((c: { readonly name: string }) => shortName(c.name));

type Search = z.infer<typeof AutoCompleteOutput>;
type Quotes = z.infer<typeof QuotesOutput>;
type History = z.infer<typeof HistoricalOutput>;

const domain = 'Finance' as const;

/** Company names without the legal suffix, as people say them. */
const shortName = (name: string): string => name.replace(/ (Inc\.|Corp\.|Holdings|Group|Co\.)$/, '');
export const company = { schema: z.string().min(1), description: 'a listed company, as people name it', sample: ({ world, rng }: SampleScope) => shortName(rng.pick(world.finance.companies).name) };
export const foundCompany = (outputs: Outputs, name: unknown): boolean => {
  const first = output<Search>(outputs, 'search').quotes[0];
  return first !== undefined && shortName(first.shortname) === name;
};
export const searchStep = { name: 'search', tool: autoComplete.name, args: { q: ref.placeholder('company') } };

export const financeStockPrice = toolbenchTemplate({
  id: 'finance.stock_price',
  domain,
  split: 'train',
  text: 'What is the latest share price of {company}, in US dollars?',
  paraphrases: ['How much does one {company} share cost right now (USD)?'],
  placeholders: { company },
  path: [searchStep, { name: 'quote', tool: getQuotes.name, args: { symbols: ref.output('search', 'quotes.0.symbol') } }],
  answer: ({ outputs }) => output<Quotes>(outputs, 'quote').quoteResponse.result[0]!.regularMarketPrice,
  compare: { kind: 'number', tolerance: 0.01 },
  accept: ({ outputs, values }) => foundCompany(outputs, values['company']) || 'the company is not the first hit',
});

export const currencyCode = (exclude?: string) => ({
  schema: z.string().length(3),
  description: 'an ISO currency code',
  sample: ({ world, rng, values }: SampleScope) => rng.pick(Object.keys(world.finance.usdRates).filter((c) => exclude === undefined || values[exclude] !== c)),
});

export const financeConvert = toolbenchTemplate({
  id: 'finance.convert',
  domain,
  split: 'train',
  text: 'How much is {amount} {from} in {to} at today\'s exchange rate?',
  paraphrases: ['Convert {amount} {from} to {to}, please.'],
  placeholders: {
    from: currencyCode(),
    to: currencyCode('from'),
    amount: { schema: z.number().positive(), description: 'an amount of money', sample: ({ rng }: SampleScope) => rng.pick([50, 120, 250, 1000, 1500, 2750, 10000]) },
  },
  path: [{ name: 'convert', tool: convertCurrency.name, args: { from: ref.placeholder('from'), to: ref.placeholder('to'), amount: ref.placeholder('amount') } }],
  answer: ({ outputs }) => output<z.infer<typeof ConvertOutput>>(outputs, 'convert').result,
  compare: { kind: 'number', tolerance: 0.002, relative: true },
});

const windowPlaceholders = {
  company,
  start: {
    schema: z.iso.date(),
    description: 'a trading day in the past months',
    sample: ({ world, rng }: SampleScope) => {
      const days = world.finance.tradingDays;
      return days[rng.int(0, days.length - 12)]!;
    },
  },
  end: {
    schema: z.iso.date(),
    description: 'a later trading day, at most 20 trading days after the first',
    sample: ({ world, rng, values }: SampleScope) => {
      const days = world.finance.tradingDays;
      const at = days.indexOf(values['start'] as string);
      return days[Math.min(days.length - 1, at + rng.int(5, 20))]!;
    },
  },
};
const historyStep = { name: 'history', tool: historicalData.name, args: { symbol: ref.output('search', 'quotes.0.symbol'), period1: ref.placeholder('start'), period2: ref.placeholder('end') } };

export const financePeriodChange = toolbenchTemplate({
  id: 'finance.period_change',
  domain,
  split: 'train',
  text: 'By what percentage did the closing price of {company} change from the close on {start} to the close on {end}? Round to two decimals.',
  paraphrases: ['From the close on {start} to the close on {end}, how much did {company} stock move, in percent (two decimals)?'],
  placeholders: windowPlaceholders,
  path: [searchStep, historyStep],
  answer: ({ outputs }) => {
    const prices = output<History>(outputs, 'history').prices;
    const first = prices[prices.length - 1]!.close;
    const last = prices[0]!.close;
    return roundTo(((last - first) / first) * 100, 2);
  },
  compare: { kind: 'number', tolerance: 0.011 },
  accept: ({ outputs, values }) => foundCompany(outputs, values['company']) || 'the company is not the first hit',
});

export const financeHighestClose = toolbenchTemplate({
  id: 'finance.highest_close',
  domain,
  split: 'train',
  text: 'On which trading day from {start} to {end} (both days included) did {company} stock close highest? Answer YYYY-MM-DD.',
  paraphrases: ["Find the date of {company}'s best closing price from {start} through {end}, both included (YYYY-MM-DD)."],
  placeholders: windowPlaceholders,
  path: [searchStep, historyStep],
  answer: ({ outputs }) => {
    return uniqueMax(output<History>(outputs, 'history').prices, (p) => p.close)?.date ?? null;
  },
  compare: { kind: 'normalized' },
  accept: ({ outputs, values }) => (foundCompany(outputs, values['company']) && uniqueMax(output<History>(outputs, 'history').prices, (p) => p.close) !== null) || 'no single highest close',
});

export const financeBuyShares = toolbenchTemplate({
  id: 'finance.buy_shares',
  writes: ['portfolio'],
  domain,
  split: 'train',
  text: 'Buy {quantity} shares of {company} in my paper trading account, then tell me how much cash is left in the account.',
  paraphrases: ['Place a paper-trading buy order for {quantity} {company} shares and report the remaining cash balance.'],
  placeholders: { company, quantity: { schema: z.number().int().min(1).max(200), description: 'a number of shares', sample: ({ rng }: SampleScope) => rng.int(2, 40) } },
  path: [
    searchStep,
    { name: 'quote', tool: getQuotes.name, args: { symbols: ref.output('search', 'quotes.0.symbol') } },
    { name: 'order', tool: placeOrder.name, args: { symbol: ref.output('search', 'quotes.0.symbol'), side: ref.literal('buy'), quantity: ref.placeholder('quantity') } },
    { name: 'account', tool: getAccount.name, args: {} },
  ],
  answer: ({ outputs }) => output<z.infer<typeof AccountOutput>>(outputs, 'account').cash,
  compare: { kind: 'number', tolerance: 0.01 },
  accept: ({ outputs, values }) => foundCompany(outputs, values['company']) || 'the company is not the first hit',
  checkState: ({ state, world, values }) => {
    const c = companyByShortName.find(world.finance.companies, values['company']);
    if (!c) return 'the company is gone';
    const held = state.portfolio.positions[c.symbol] ?? 0;
    const others = Object.keys(state.portfolio.positions).filter((s) => s !== c.symbol && state.portfolio.positions[s] !== 0);
    if (others.length > 0 || state.portfolio.trades.some((t) => t.side !== 'buy')) return `expected only a purchase of ${c.symbol}, the account also traded ${others.join(', ') || 'a sale'}`;
    return held === values['quantity'] ? null : `expected ${String(values['quantity'])} shares of ${c.symbol}, the account holds ${held}`;
  },
});

export const financeCeoAndSector = toolbenchTemplate({
  id: 'finance.ceo_and_sector',
  domain,
  split: 'unseen-instruction',
  text: 'Who is the CEO of {company}, and which sector is the company in?',
  paraphrases: ['Give me the chief executive of {company} and its sector.'],
  placeholders: { company },
  path: [searchStep, { name: 'profile', tool: companyProfile.name, args: { symbol: ref.output('search', 'quotes.0.symbol') } }],
  answer: ({ outputs }) => {
    const p = output<z.infer<typeof ProfileOutput>>(outputs, 'profile')[0]!;
    return [p.ceo, p.sector];
  },
  compare: { kind: 'contains-all' },
  rivals: ({ world }) => world.finance.companies.flatMap((c) => [c.ceo, c.sector]),
  accept: ({ outputs, values }) => foundCompany(outputs, values['company']) || 'the company is not the first hit',
});

export const financeTemplates = [financeStockPrice, financeConvert, financePeriodChange, financeHighestClose, financeBuyShares, financeCeoAndSector];
