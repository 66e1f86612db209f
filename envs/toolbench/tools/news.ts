import { z } from 'zod';
import { holdingViews } from '../../../src/core/shared-json.js';
import { SharedViews } from '../../../src/core/shared-views.js';
import { defineApi, notFound, type ToolBenchContext } from '../api.js';
import { nextId } from '../state.js';
import type { Article, NewsWorld } from '../world/news.js';
import { NEWS_CATEGORIES } from '../world/news.js';
import { lowerNames, positionsContainingEvery, prepareQuery } from './text-match.js';

const NEWSAPI = 'NewsAPI';
const BING = 'Bing News Search';
const EXTRACTOR = 'Article Extractor';
const POCKET = 'Pocket';
const domain = 'News_Media' as const;

const news = (ctx: ToolBenchContext): NewsWorld => ctx.world.news;

const articleText = (a: Article): string => `${a.title} ${a.keyword}`;

/** Articles whose title or topic mentions every word of the query, newest first. */
function matching(w: NewsWorld, q: string, from: string | undefined): Article[] {
  const { words } = prepareQuery(q);
  if (words.length === 0) return [];
  const articles = w.articles;
  const texts = lowerNames(articles, articleText);
  const at = positionsContainingEvery(texts, words, (i) => from === undefined || articles[i]!.published_at.slice(0, 10) >= from);
  const out: Article[] = [];
  for (let i = 0; i < at.length; i++) out.push(articles[at[i]!]!);
  return out;
}

const ArticleShape = z.object({ source: z.object({ id: z.string(), name: z.string() }), author: z.string(), title: z.string(), url: z.string(), publishedAt: z.string() });
const articleShape = (a: Article, w: NewsWorld) => ({ source: { id: a.source_id, name: w.sourceById.get(a.source_id)!.name }, author: a.author, title: a.title, url: a.url, publishedAt: a.published_at });
const articleShapeViews = new SharedViews(articleShape);

export const EverythingOutput = z.object({ status: z.literal('ok'), totalResults: z.number().int(), articles: z.array(ArticleShape) });

export const everything = defineApi({
  api: 'Everything',
  tool: NEWSAPI,
  domain,
  capability: 'news.search',
  description: 'News articles of the last 30 days mentioning every word of q, newest first; from (YYYY-MM-DD) limits the age; pageSize up to 50.',
  input: z.object({ q: z.string().describe('Keywords'), from: z.iso.date().optional(), pageSize: z.number().int().min(1).max(50).default(10) }),
  output: EverythingOutput,
  handler: ({ q, from, pageSize }, ctx) => {
    const w = news(ctx);
    const hits = matching(w, q, from);
    return holdingViews({ status: 'ok' as const, totalResults: hits.length, articles: hits.slice(0, pageSize).map((a) => articleShapeViews.of(a, w)) });
  },
});

export const newsSearchBing = defineApi({
  api: 'News Search',
  tool: BING,
  domain,
  capability: 'news.search',
  adapt: (a) => {
    const out: Record<string, string | number> = { q: a['q'] as string, count: (a['pageSize'] as number | undefined) ?? 10 };
    if (a['from'] !== undefined) out['since'] = a['from'] as string;
    return out;
  },
  description: 'Bing news results for a query, newest first; since (YYYY-MM-DD) drops older items; count up to 50.',
  input: z.object({ q: z.string(), since: z.iso.date().optional(), count: z.number().int().min(1).max(50).default(10) }),
  output: z.object({ totalEstimatedMatches: z.number().int(), value: z.array(z.object({ name: z.string(), url: z.string(), datePublished: z.string(), provider: z.array(z.object({ name: z.string() })), category: z.string() })) }),
  handler: ({ q, since, count }, ctx) => {
    const w = news(ctx);
    const hits = matching(w, q, since);
    return {
      totalEstimatedMatches: hits.length,
      value: hits.slice(0, count).map((a) => ({ name: a.title, url: a.url, datePublished: a.published_at, provider: [{ name: w.sourceById.get(a.source_id)!.name }], category: a.category[0]!.toUpperCase() + a.category.slice(1) })),
    };
  },
});

export const TopHeadlinesOutput = EverythingOutput;

export const topHeadlines = defineApi({
  api: 'Top Headlines',
  tool: NEWSAPI,
  domain,
  description: 'The newest headlines of a category (business, technology, science, health, sports, entertainment).',
  input: z.object({ category: z.enum(NEWS_CATEGORIES), pageSize: z.number().int().min(1).max(20).default(5) }),
  output: TopHeadlinesOutput,
  handler: ({ category, pageSize }, ctx) => {
    const w = news(ctx);
    const hits = w.articles.filter((a) => a.category === category);
    return holdingViews({ status: 'ok' as const, totalResults: hits.length, articles: hits.slice(0, pageSize).map((a) => articleShapeViews.of(a, w)) });
  },
});

export const SourcesOutput = z.object({ status: z.literal('ok'), sources: z.array(z.object({ id: z.string(), name: z.string(), category: z.string(), language: z.string(), country: z.string(), url: z.string() })) });

export const sources = defineApi({
  api: 'Sources',
  tool: NEWSAPI,
  domain,
  description: 'News outlets, optionally filtered by category and two-letter country code.',
  input: z.object({ category: z.enum(NEWS_CATEGORIES).optional(), country: z.string().length(2).optional() }),
  output: SourcesOutput,
  handler: ({ category, country }, ctx) => ({
    status: 'ok' as const,
    sources: news(ctx)
      .sources.filter((s) => (category === undefined || s.category === category) && (country === undefined || s.country === country.toLowerCase()))
      .map((s) => ({ ...s })),
  }),
});

export const ExtractOutput = z.object({ url: z.string(), title: z.string(), author: z.string(), published: z.string(), word_count: z.number().int(), reading_time_minutes: z.number().int(), summary: z.string() });

/** An article's whole extract output: one view per article. */
const extractOf = (a: Article) => ({ url: a.url, title: a.title, author: a.author, published: a.published_at, word_count: a.word_count, reading_time_minutes: Math.max(1, Math.round(a.word_count / 230)), summary: a.description });
const extractViews = new SharedViews(extractOf);

export const extractArticle = defineApi({
  api: 'Extract',
  tool: EXTRACTOR,
  domain,
  description: 'Reads an article page by URL: title, author, publication time, word count and estimated reading time.',
  input: z.object({ url: z.string().describe('Article URL') }),
  output: ExtractOutput,
  handler: ({ url }, ctx) => {
    const a = news(ctx).articleByUrl.get(url.trim());
    if (!a) return notFound('article at', url);
    return extractViews.of(a, null);
  },
});

export const SavedItemOutput = z.object({ status: z.literal(1), item: z.object({ item_id: z.string(), normal_url: z.string(), title: z.string(), tags: z.array(z.string()) }) });

export const addToPocket = defineApi({
  api: 'Add',
  tool: POCKET,
  domain,
  writes: true,
  description: "Saves an article (by URL) to the user's reading list with optional comma-separated tags; saving it again merges the tags.",
  input: z.object({ url: z.string(), tags: z.string().max(200).optional().describe('Comma-separated tags') }),
  output: SavedItemOutput,
  handler: ({ url, tags }, ctx) => {
    const a = news(ctx).articleByUrl.get(url.trim());
    if (!a) return notFound('article at', url);
    const wanted = (tags ?? '').split(',').map((t) => t.trim().toLowerCase()).filter((t) => t !== '');
    let saved = ctx.state.savedArticles.find((s) => s.article_id === a.id);
    if (!saved) {
      saved = { id: nextId(ctx.state, 'PK'), article_id: a.id, tags: [] };
      ctx.state.savedArticles.push(saved);
    }
    for (const t of wanted) if (!saved.tags.includes(t)) saved.tags.push(t);
    return { status: 1 as const, item: { item_id: saved.id, normal_url: a.url, title: a.title, tags: [...saved.tags] } };
  },
});

export const retrievePocket = defineApi({
  api: 'Retrieve',
  tool: POCKET,
  domain,
  description: "The user's saved articles keyed by item id, optionally only those with a tag.",
  input: z.object({ tag: z.string().optional() }),
  output: z.object({ status: z.literal(1), list: z.record(z.string(), z.object({ item_id: z.string(), resolved_url: z.string(), resolved_title: z.string(), tags: z.array(z.string()) })) }),
  handler: ({ tag }, ctx) => {
    const w = news(ctx);
    const list: Record<string, { item_id: string; resolved_url: string; resolved_title: string; tags: string[] }> = {};
    for (const s of ctx.state.savedArticles) {
      if (tag !== undefined && !s.tags.includes(tag.trim().toLowerCase())) continue;
      const a = w.articleById.get(s.article_id)!;
      list[s.id] = { item_id: s.id, resolved_url: a.url, resolved_title: a.title, tags: [...s.tags] };
    }
    return { status: 1 as const, list };
  },
});

export const newsTools = [everything, newsSearchBing, topHeadlines, sources, extractArticle, addToPocket, retrievePocket];
