import { z } from 'zod';
import { ref } from '../../../src/index.js';
import { addDays } from '../dates.js';
import { addToPocket, everything, extractArticle, retrievePocket, sources, topHeadlines, type EverythingOutput, type ExtractOutput, type SourcesOutput } from '../tools/news.js';
import { NEWS_CATEGORIES } from '../world/news.js';
import { output, toolbenchTemplate, type Outputs, type SampleScope } from './define.js';

type Articles = z.infer<typeof EverythingOutput>;

const domain = 'News_Media' as const;

export const keyword = { schema: z.string().min(1), description: 'a news topic', sample: ({ world, rng }: SampleScope) => rng.pick(world.news.keywords) };
export const latestIsUnique = (outputs: Outputs, step: string): boolean => {
  const list = output<Articles>(outputs, step).articles;
  return list.length > 0 && (list.length === 1 || list[0]!.publishedAt !== list[1]!.publishedAt);
};

export const newsLatestSource = toolbenchTemplate({
  id: 'news.latest_source',
  domain,
  split: 'train',
  text: 'Which outlet published the most recent news article about {keyword}?',
  paraphrases: ['Who ran the latest story on {keyword}? Name the news source.'],
  placeholders: { keyword },
  path: [{ name: 'search', tool: everything.name, args: { q: ref.placeholder('keyword') } }],
  answer: ({ outputs }) => output<Articles>(outputs, 'search').articles[0]?.source.name ?? null,
  compare: { kind: 'normalized' },
  accept: ({ outputs }) => latestIsUnique(outputs, 'search') || 'no single latest article',
});

export const newsCountBySource = toolbenchTemplate({
  id: 'news.count_by_source',
  domain,
  split: 'train',
  text: 'How many articles about {keyword} has {source} published since {since} ({since} itself included)?',
  paraphrases: ['From {since} on (that day included), how many {keyword} stories came from {source}?'],
  placeholders: {
    keyword,
    since: { schema: z.iso.date(), description: 'a recent day', sample: ({ world, rng }: SampleScope) => addDays(world.today, -rng.int(7, 29)) },
    source: {
      schema: z.string().min(1),
      description: 'a news outlet that covered the topic',
      sample: ({ world, rng, values }: SampleScope) => {
        const covering = world.news.articles.filter((a) => a.keyword === values['keyword'] && a.published_at.slice(0, 10) >= (values['since'] as string));
        return covering.length === 0 ? rng.pick(world.news.sources).name : world.news.sourceById.get(rng.pick(covering).source_id)!.name;
      },
    },
  },
  path: [{ name: 'search', tool: everything.name, args: { q: ref.placeholder('keyword'), from: ref.placeholder('since'), pageSize: ref.literal(50) } }],
  answer: ({ outputs, values }) => output<Articles>(outputs, 'search').articles.filter((a) => a.source.name === values['source']).length,
  compare: { kind: 'number', tolerance: 0 },
  accept: ({ outputs }) => {
    const r = output<Articles>(outputs, 'search');
    return r.totalResults === r.articles.length || 'more results than one page';
  },
});

export const newsLatestLength = toolbenchTemplate({
  id: 'news.latest_reading_time',
  domain,
  split: 'train',
  text: 'How many words long is the newest article about {keyword}?',
  paraphrases: ['Get the word count of the most recent {keyword} article.'],
  placeholders: { keyword },
  path: [
    { name: 'search', tool: everything.name, args: { q: ref.placeholder('keyword'), pageSize: ref.literal(3) } },
    { name: 'article', tool: extractArticle.name, args: { url: ref.output('search', 'articles.0.url') } },
  ],
  answer: ({ outputs }) => output<z.infer<typeof ExtractOutput>>(outputs, 'article').word_count,
  compare: { kind: 'number', tolerance: 0 },
  accept: ({ outputs }) => latestIsUnique(outputs, 'search') || 'no single latest article',
});

export const newsSourcesByCountry = toolbenchTemplate({
  id: 'news.sources_by_country',
  domain,
  split: 'train',
  text: 'List the {category} news outlets based in the country with code "{country}".',
  paraphrases: ['Which {category} sources are there from country code {country}? List them all.'],
  placeholders: {
    category: { schema: z.enum(NEWS_CATEGORIES), description: 'a news category', sample: ({ world, rng }: SampleScope) => rng.pick(world.news.sources).category },
    country: {
      schema: z.string().length(2),
      description: 'a two-letter country code',
      sample: ({ world, rng, values }: SampleScope) => rng.pick(world.news.sources.filter((s) => s.category === values['category'])).country,
    },
  },
  path: [{ name: 'sources', tool: sources.name, args: { category: ref.placeholder('category'), country: ref.placeholder('country') } }],
  answer: ({ outputs }) => output<z.infer<typeof SourcesOutput>>(outputs, 'sources').sources.map((s) => s.name),
  compare: { kind: 'set' },
});

export const newsSaveHeadlines = toolbenchTemplate({
  id: 'news.save_headlines',
  writes: ['savedArticles'],
  domain,
  split: 'unseen-instruction',
  text: 'Save the three newest {category} headlines to my Pocket reading list with the tag "{tag}", and tell me their titles.',
  paraphrases: ['Put the latest three {category} stories in my reading list tagged {tag}; list the titles you saved.'],
  placeholders: {
    category: { schema: z.enum(NEWS_CATEGORIES), description: 'a news category', sample: ({ rng }: SampleScope) => rng.pick(NEWS_CATEGORIES) },
    tag: { schema: z.string().regex(/^[a-z]+$/), description: 'a one-word tag', sample: ({ rng }: SampleScope) => rng.pick(['weekend', 'later', 'commute', 'research', 'digest']) },
  },
  path: [
    { name: 'headlines', tool: topHeadlines.name, args: { category: ref.placeholder('category'), pageSize: ref.literal(3) } },
    { name: 'save1', tool: addToPocket.name, args: { url: ref.output('headlines', 'articles.0.url'), tags: ref.placeholder('tag') } },
    { name: 'save2', tool: addToPocket.name, args: { url: ref.output('headlines', 'articles.1.url'), tags: ref.placeholder('tag') } },
    { name: 'save3', tool: addToPocket.name, args: { url: ref.output('headlines', 'articles.2.url'), tags: ref.placeholder('tag') } },
  ],
  answer: ({ outputs }) => output<Articles>(outputs, 'headlines').articles.map((a) => a.title),
  compare: { kind: 'contains-all' },
  rivals: ({ world, values }) => world.news.articles.filter((a) => a.category === values['category']).map((a) => a.title),
  accept: ({ outputs }) => {
    const list = output<Articles>(outputs, 'headlines').articles;
    const titles = new Set(list.map((a) => a.title));
    return (list.length === 3 && titles.size === 3) || 'fewer than three distinct headlines';
  },
  checkState: ({ state, world, values }) => {
    const newest = world.news.articles.filter((a) => a.category === values['category']).slice(0, 3);
    const missing = newest.filter((a) => !state.savedArticles.some((s) => s.article_id === a.id && s.tags.includes(values['tag'] as string)));
    if (missing.length > 0) return `not saved with tag ${String(values['tag'])}: ${missing.map((a) => a.title).join('; ')}`;
    return state.savedArticles.length === 3 ? null : `expected exactly the three headlines saved, the reading list holds ${state.savedArticles.length}`;
  },
  offer: { extra: [retrievePocket.name] },
});

export const newsTemplates = [newsLatestSource, newsCountBySource, newsLatestLength, newsSourcesByCountry, newsSaveHeadlines];
