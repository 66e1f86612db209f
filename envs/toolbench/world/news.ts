import { addDays } from '../dates.js';
import type { DomainContext } from './context.js';
import { indexBy } from './context.js';
import { FIRST_NAMES, LAST_NAMES, scaled, slug, uniqueIds, uniqueStrings } from './names.js';

export const NEWS_CATEGORIES = ['business', 'technology', 'science', 'health', 'sports', 'entertainment'] as const;
export type NewsCategory = (typeof NEWS_CATEGORIES)[number];

export interface NewsSource {
  readonly id: string;
  readonly name: string;
  readonly category: NewsCategory;
  readonly country: string;
  readonly language: string;
  readonly url: string;
}

export interface Article {
  readonly id: string;
  readonly source_id: string;
  readonly author: string;
  readonly title: string;
  readonly description: string;
  readonly url: string;
  /** ISO date-time, UTC. */
  readonly published_at: string;
  readonly category: NewsCategory;
  readonly keyword: string;
  readonly word_count: number;
}

export interface NewsWorld {
  readonly sources: readonly NewsSource[];
  /** Newest first. */
  readonly articles: readonly Article[];
  readonly keywords: readonly string[];
  readonly sourceById: ReadonlyMap<string, NewsSource>;
  readonly articleByUrl: ReadonlyMap<string, Article>;
  readonly articleById: ReadonlyMap<string, Article>;
}

export const TOPICS: Readonly<Record<NewsCategory, readonly string[]>> = {
  business: ['interest rates', 'supply chains', 'retail sales', 'startup funding'],
  technology: ['quantum computing', 'electric vehicles', 'cybersecurity', 'chip design', 'open source'],
  science: ['exoplanets', 'gene editing', 'fusion energy', 'deep sea research', 'climate models'],
  health: ['vaccines', 'sleep research', 'nutrition science'],
  sports: ['transfer window', 'marathon running', 'tennis rankings'],
  entertainment: ['film festivals', 'streaming services', 'concert tours'],
};
const OUTLET_A = ['Daily', 'Morning', 'Global', 'Metro', 'Evening', 'Pacific', 'Atlantic', 'Union', 'Civic', 'Northern'];
const OUTLET_B = ['Ledger', 'Herald', 'Dispatch', 'Courier', 'Tribune', 'Observer', 'Signal', 'Gazette', 'Review', 'Wire'];
const VERBS = ['takes a new turn', 'draws fresh scrutiny', 'hits a milestone', 'faces a setback', 'enters a new phase', 'surprises analysts', 'splits experts', 'gains momentum'];
const ANGLES = ['What it means for consumers', 'Inside the numbers', 'Five things to know', 'A closer look', 'Why it matters now', 'The view from the ground'];
const COUNTRIES = ['us', 'gb', 'ca', 'au', 'in', 'de'];

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export function buildNews(ctx: DomainContext): NewsWorld {
  const { rng, today } = ctx;
  const sourceNames = uniqueStrings(scaled(14, ctx.scale, 8, 60), () => `The ${rng.pick(OUTLET_A)} ${rng.pick(OUTLET_B)}`);
  const sources: NewsSource[] = sourceNames.map((name, i) => ({
    id: slug(name.replace(/^The /, '')),
    name,
    category: NEWS_CATEGORIES[i % NEWS_CATEGORIES.length]!,
    country: rng.pick(COUNTRIES),
    language: 'en',
    url: `https://${slug(name.replace(/^The /, ''))}.example`,
  }));
  const keywords = NEWS_CATEGORIES.flatMap((c) => TOPICS[c]);
  const count = scaled(220, ctx.scale, 80);
  const ids = uniqueIds(rng, count, '', 6);
  const days = Array.from({ length: 30 }, (_, i) => addDays(today, -i));
  const stamps = uniqueStrings(count, () => `${rng.pick(days)}T${String(rng.int(0, 23)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00Z`);
  const articles: Article[] = ids.map((id, i) => {
    const category = NEWS_CATEGORIES[rng.int(0, NEWS_CATEGORIES.length - 1)]!;
    const keyword = rng.pick(TOPICS[category]);
    const published = stamps[i]!;
    const source = rng.chance(0.6) ? rng.pick(sources.filter((s) => s.category === category)) : rng.pick(sources);
    const title = rng.chance(0.5) ? `${capitalize(keyword)} ${rng.pick(VERBS)}` : `${rng.pick(ANGLES)}: ${keyword} ${rng.pick(VERBS)}`;
    return {
      id,
      source_id: source.id,
      author: `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`,
      title,
      description: `${capitalize(keyword)} coverage from ${source.name}.`,
      url: `${source.url}/${published.slice(0, 10)}/${id}`,
      published_at: published,
      category,
      keyword,
      word_count: rng.int(250, 2400),
    };
  });
  articles.sort((a, b) => (a.published_at < b.published_at ? 1 : -1));
  return { sources, articles, keywords, sourceById: indexBy(sources, 'id'), articleByUrl: indexBy(articles, 'url'), articleById: indexBy(articles, 'id') };
}
