import { z } from 'zod';
import { ref } from '../../../src/index.js';
import { roundTo } from '../money.js';
import {
  arxivSearch, authorDetails, elementPeriodic, formulaOf, paperDetails, paperSearch,
  type ArxivSearchOutput, type AuthorOutput, type ElementOutput, type PaperDetailsOutput, type PaperSearchOutput,
} from '../tools/science.js';
import { output, toolbenchTemplate, type Outputs, type SampleScope } from './define.js';

const domain = 'Science' as const;

const paperTitle = { schema: z.string().min(1), description: 'a paper title', sample: ({ world, rng }: SampleScope) => rng.pick(world.science.papers).title };
const foundPaper = (outputs: Outputs, title: unknown) => output<z.infer<typeof PaperSearchOutput>>(outputs, 'search').data[0]?.title === title;

export const sciencePaperCitations = toolbenchTemplate({
  id: 'science.paper_citations',
  domain,
  split: 'train',
  text: 'How many citations does the paper "{title}" have?',
  paraphrases: ['What is the citation count of "{title}"?'],
  placeholders: { title: paperTitle },
  path: [
    { name: 'search', tool: paperSearch.name, args: { query: ref.placeholder('title') } },
    { name: 'paper', tool: paperDetails.name, args: { paper_id: ref.output('search', 'data.0.paperId') } },
  ],
  answer: ({ outputs }) => output<z.infer<typeof PaperDetailsOutput>>(outputs, 'paper').citationCount,
  compare: { kind: 'number', tolerance: 0 },
  accept: ({ outputs, values }) => foundPaper(outputs, values['title']) || 'the paper is not the first hit',
});

export const scienceFirstAuthorHIndex = toolbenchTemplate({
  id: 'science.first_author_h_index',
  domain,
  split: 'train',
  text: 'What is the h-index of the first author of "{title}"?',
  paraphrases: ['Look up who is listed first on the paper "{title}" and give me their h-index.'],
  placeholders: { title: paperTitle },
  path: [
    { name: 'search', tool: paperSearch.name, args: { query: ref.placeholder('title') } },
    { name: 'paper', tool: paperDetails.name, args: { paper_id: ref.output('search', 'data.0.paperId') } },
    { name: 'author', tool: authorDetails.name, args: { author_id: ref.output('paper', 'authors.0.authorId') } },
  ],
  answer: ({ outputs }) => output<z.infer<typeof AuthorOutput>>(outputs, 'author').hIndex,
  compare: { kind: 'number', tolerance: 0 },
  accept: ({ outputs, values }) => foundPaper(outputs, values['title']) || 'the paper is not the first hit',
});

export const scienceArxivCategory = toolbenchTemplate({
  id: 'science.arxiv_category',
  domain,
  split: 'train',
  text: 'Under which arXiv primary category is "{title}" filed?',
  paraphrases: ['What is the arXiv category of the preprint "{title}"?'],
  placeholders: { title: paperTitle },
  path: [{ name: 'search', tool: arxivSearch.name, args: { search_query: ref.placeholder('title') } }],
  answer: ({ outputs }) => output<z.infer<typeof ArxivSearchOutput>>(outputs, 'search').entries[0]!.primary_category,
  compare: { kind: 'normalized' },
  accept: ({ outputs, values }) => output<z.infer<typeof ArxivSearchOutput>>(outputs, 'search').entries[0]?.title === values['title'] || 'the paper is not the first hit',
});

const threeElementCompound = {
  schema: z.string().min(1),
  description: 'a compound made of three elements',
  sample: ({ world, rng }: SampleScope) => rng.pick(world.science.compounds.filter((c) => c.atoms.length === 3)).name,
};
/** The i-th element symbol of the formula placeholder. */
const symbolAt = (i: number) => ref.compute(({ values }) => (String(values['formula']).match(/[A-Z][a-z]?/g) ?? [])[i] ?? '');
const countOf = (formula: string, i: number): number => {
  const parts = [...formula.matchAll(/([A-Z][a-z]?)(\d*)/g)];
  const n = parts[i]?.[2];
  return n === undefined || n === '' ? 1 : Number(n);
};

export const scienceMolarMass = toolbenchTemplate({
  id: 'science.molar_mass',
  domain,
  split: 'train',
  text: 'Using the standard atomic masses of its elements, what is the molar mass of {compound} ({formula}) in g/mol? Round to two decimals.',
  paraphrases: ['Compute the molar mass of {formula} ({compound}) from the atomic masses of its elements, to two decimals.'],
  placeholders: {
    compound: threeElementCompound,
    formula: {
      schema: z.string().regex(/^([A-Z][a-z]?\d*){3}$/),
      description: 'its molecular formula',
      sample: ({ world, values }: SampleScope) => formulaOf(world.science.compounds.find((c) => c.name === values['compound'])!),
    },
  },
  path: [
    { name: 'e1', tool: elementPeriodic.name, args: { symbol: symbolAt(0) } },
    { name: 'e2', tool: elementPeriodic.name, args: { symbol: symbolAt(1) } },
    { name: 'e3', tool: elementPeriodic.name, args: { symbol: symbolAt(2) } },
  ],
  answer: ({ outputs, values }) => {
    const formula = String(values['formula']);
    return roundTo(['e1', 'e2', 'e3'].reduce((s, step, i) => s + output<z.infer<typeof ElementOutput>>(outputs, step).atomicMass * countOf(formula, i), 0), 2);
  },
  compare: { kind: 'number', tolerance: 0.011 },
});

export const scienceTemplates = [sciencePaperCitations, scienceFirstAuthorHIndex, scienceArxivCategory, scienceMolarMass];
