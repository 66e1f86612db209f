import { z } from 'zod';
import { defineApi, notFound, type ToolBenchContext } from '../api.js';
import { roundTo } from '../money.js';
import type { Compound, Paper, ScienceWorld } from '../world/science.js';
import { rankedSearch } from './text-match.js';

const S2 = 'Semantic Scholar';
const ARXIV = 'arXiv';
const PERIODIC = 'Periodic Table';
const ELEMENTS_API = 'Chemical Elements';
const PUBCHEM = 'PubChem';
const domain = 'Science' as const;

const science = (ctx: ToolBenchContext): ScienceWorld => ctx.world.science;
const paperTitle = (p: Paper): string => p.title;

export const PaperSearchOutput = z.object({
  total: z.number().int(),
  data: z.array(z.object({ paperId: z.string(), title: z.string(), year: z.number().int(), citationCount: z.number().int(), authors: z.array(z.object({ authorId: z.string(), name: z.string() })) })),
});

export const paperSearch = defineApi({
  api: 'Paper Search',
  tool: S2,
  domain,
  description: 'Papers whose title matches the query, best match first, with year, citation count and authors.',
  input: z.object({ query: z.string(), limit: z.number().int().min(1).max(30).default(10) }),
  output: PaperSearchOutput,
  handler: ({ query, limit }, ctx) => {
    const w = science(ctx);
    const { hits, total } = rankedSearch(w.papers, paperTitle, query, limit);
    return {
      total,
      data: hits.map((p) => ({ paperId: p.id, title: p.title, year: Number(p.published.slice(0, 4)), citationCount: p.citations, authors: p.author_ids.map((id) => ({ authorId: id, name: w.authorById.get(id)!.name })) })),
    };
  },
});

export const ArxivSearchOutput = z.object({
  total_results: z.number().int(),
  entries: z.array(z.object({ id: z.string(), title: z.string(), published: z.string(), authors: z.array(z.string()), primary_category: z.string(), summary: z.string() })),
});

export const arxivSearch = defineApi({
  api: 'Search',
  tool: ARXIV,
  domain,
  description: 'arXiv preprints whose title matches the query, with arXiv id, publication date, authors, primary category and abstract.',
  input: z.object({ search_query: z.string(), max_results: z.number().int().min(1).max(20).default(5) }),
  output: ArxivSearchOutput,
  handler: ({ search_query, max_results }, ctx) => {
    const w = science(ctx);
    const { hits, total } = rankedSearch(w.papers, paperTitle, search_query, max_results);
    return {
      total_results: total,
      entries: hits.map((p) => ({ id: `http://arxiv.example/abs/${p.arxiv_id}`, title: p.title, published: `${p.published}T00:00:00Z`, authors: p.author_ids.map((id) => w.authorById.get(id)!.name), primary_category: p.category, summary: p.abstract })),
    };
  },
});

export const PaperDetailsOutput = z.object({
  paperId: z.string(),
  title: z.string(),
  abstract: z.string(),
  venue: z.string(),
  year: z.number().int(),
  citationCount: z.number().int(),
  referenceCount: z.number().int(),
  externalIds: z.object({ ArXiv: z.string() }),
  authors: z.array(z.object({ authorId: z.string(), name: z.string() })),
});

export const paperDetails = defineApi({
  api: 'Paper Details',
  tool: S2,
  domain,
  description: 'A paper by Semantic Scholar id: venue, year, citation and reference counts, authors in order, arXiv id.',
  input: z.object({ paper_id: z.string() }),
  output: PaperDetailsOutput,
  handler: ({ paper_id }, ctx) => {
    const w = science(ctx);
    const p = w.paperById.get(paper_id.trim());
    if (!p) return notFound('paper', paper_id);
    return {
      paperId: p.id,
      title: p.title,
      abstract: p.abstract,
      venue: p.venue,
      year: Number(p.published.slice(0, 4)),
      citationCount: p.citations,
      referenceCount: p.references,
      externalIds: { ArXiv: p.arxiv_id },
      authors: p.author_ids.map((id) => ({ authorId: id, name: w.authorById.get(id)!.name })),
    };
  },
});

export const AuthorOutput = z.object({ authorId: z.string(), name: z.string(), affiliations: z.array(z.string()), hIndex: z.number().int(), paperCount: z.number().int(), citationCount: z.number().int() });

export const authorDetails = defineApi({
  api: 'Author Details',
  tool: S2,
  domain,
  description: 'An author by id: affiliation, h-index, and how many papers and citations they have here.',
  input: z.object({ author_id: z.string() }),
  output: AuthorOutput,
  handler: ({ author_id }, ctx) => {
    const w = science(ctx);
    const a = w.authorById.get(author_id.trim());
    if (!a) return notFound('author', author_id);
    const papers = w.papersByAuthor.get(a.id) ?? [];
    return { authorId: a.id, name: a.name, affiliations: [a.affiliation], hIndex: a.h_index, paperCount: papers.length, citationCount: papers.reduce((s, id) => s + w.paperById.get(id)!.citations, 0) };
  },
});

export const ElementOutput = z.object({ symbol: z.string(), name: z.string(), atomicNumber: z.number().int(), atomicMass: z.number(), group: z.number().int(), period: z.number().int(), category: z.string() });

export const elementPeriodic = defineApi({
  api: 'Element',
  tool: PERIODIC,
  domain,
  capability: 'science.element',
  description: 'A chemical element by symbol (e.g. Fe): name, atomic number, standard atomic mass, group, period and category.',
  input: z.object({ symbol: z.string().min(1).max(3) }),
  output: ElementOutput,
  handler: ({ symbol }, ctx) => {
    const s = symbol.trim();
    const e = science(ctx).elementBySymbol.get(s.charAt(0).toUpperCase() + s.slice(1).toLowerCase());
    if (!e) return notFound('element', symbol);
    return { symbol: e.symbol, name: e.name, atomicNumber: e.number, atomicMass: e.mass, group: e.group, period: e.period, category: e.category };
  },
});

export const elementDetailsApi = defineApi({
  api: 'Element Details',
  tool: ELEMENTS_API,
  domain,
  capability: 'science.element',
  adapt: (a) => ({ sym: a['symbol']! }),
  description: 'Element data by symbol; the atomic weight comes as a string.',
  input: z.object({ sym: z.string().min(1).max(3) }),
  output: z.object({ element: z.object({ sym: z.string(), title: z.string(), z: z.number().int(), atomic_weight: z.string(), block_group: z.string() }) }),
  handler: ({ sym }, ctx) => {
    const s = sym.trim();
    const e = science(ctx).elementBySymbol.get(s.charAt(0).toUpperCase() + s.slice(1).toLowerCase());
    if (!e) return notFound('element', sym);
    return { element: { sym: e.symbol, title: e.name, z: e.number, atomic_weight: String(e.mass), block_group: `group ${e.group}, period ${e.period}` } };
  },
});

export function formulaOf(c: Compound): string {
  return c.atoms.map(([s, n]) => (n === 1 ? s : `${s}${n}`)).join('');
}

export function molarMass(w: ScienceWorld, c: Compound): number {
  return roundTo(c.atoms.reduce((sum, [s, n]) => sum + w.elementBySymbol.get(s)!.mass * n, 0), 2);
}

export const compoundProperties = defineApi({
  api: 'Compound Properties',
  tool: PUBCHEM,
  domain,
  description: 'Molecular formula and molecular weight (g/mol, as text) of a compound by common name.',
  input: z.object({ name: z.string() }),
  output: z.object({ PropertyTable: z.object({ Properties: z.array(z.object({ CID: z.number().int(), MolecularFormula: z.string(), MolecularWeight: z.string(), Title: z.string() })) }) }),
  handler: ({ name }, ctx) => {
    const w = science(ctx);
    const c = w.compounds.find((x) => x.name === name.trim().toLowerCase());
    if (!c) return notFound('compound', name);
    return { PropertyTable: { Properties: [{ CID: c.cid, MolecularFormula: formulaOf(c), MolecularWeight: molarMass(w, c).toFixed(2), Title: c.name }] } };
  },
});

export const scienceTools = [paperSearch, arxivSearch, paperDetails, authorDetails, elementPeriodic, elementDetailsApi, compoundProperties];
