import { addDays } from '../dates.js';
import type { DomainContext } from './context.js';
import { indexBy } from './context.js';
import { scaled, uniqueIds, uniqueNames, uniqueStrings } from './names.js';

export interface Author {
  readonly id: string;
  readonly name: string;
  readonly affiliation: string;
  readonly h_index: number;
}

export interface Paper {
  readonly id: string;
  readonly arxiv_id: string;
  readonly title: string;
  readonly author_ids: readonly string[];
  readonly published: string;
  readonly category: string;
  readonly venue: string;
  readonly citations: number;
  readonly references: number;
  readonly abstract: string;
}

export interface Element {
  readonly symbol: string;
  readonly name: string;
  readonly number: number;
  readonly mass: number;
  readonly group: number;
  readonly period: number;
  readonly category: string;
}

export interface Compound {
  readonly cid: number;
  readonly name: string;
  /** Element symbol -> atom count, in Hill order. */
  readonly atoms: readonly (readonly [string, number])[];
}

export interface ScienceWorld {
  readonly authors: readonly Author[];
  readonly papers: readonly Paper[];
  readonly elements: readonly Element[];
  readonly compounds: readonly Compound[];
  readonly topics: readonly string[];
  readonly authorById: ReadonlyMap<string, Author>;
  readonly paperById: ReadonlyMap<string, Paper>;
  readonly elementBySymbol: ReadonlyMap<string, Element>;
  /** Paper ids per author, newest first. */
  readonly papersByAuthor: ReadonlyMap<string, readonly string[]>;
}

/** Standard atomic weights (IUPAC, rounded). */
export const ELEMENTS: readonly Element[] = [
  { symbol: 'H', name: 'Hydrogen', number: 1, mass: 1.008, group: 1, period: 1, category: 'nonmetal' },
  { symbol: 'C', name: 'Carbon', number: 6, mass: 12.011, group: 14, period: 2, category: 'nonmetal' },
  { symbol: 'N', name: 'Nitrogen', number: 7, mass: 14.007, group: 15, period: 2, category: 'nonmetal' },
  { symbol: 'O', name: 'Oxygen', number: 8, mass: 15.999, group: 16, period: 2, category: 'nonmetal' },
  { symbol: 'F', name: 'Fluorine', number: 9, mass: 18.998, group: 17, period: 2, category: 'halogen' },
  { symbol: 'Na', name: 'Sodium', number: 11, mass: 22.99, group: 1, period: 3, category: 'alkali metal' },
  { symbol: 'Mg', name: 'Magnesium', number: 12, mass: 24.305, group: 2, period: 3, category: 'alkaline earth metal' },
  { symbol: 'Al', name: 'Aluminium', number: 13, mass: 26.982, group: 13, period: 3, category: 'post-transition metal' },
  { symbol: 'Si', name: 'Silicon', number: 14, mass: 28.085, group: 14, period: 3, category: 'metalloid' },
  { symbol: 'P', name: 'Phosphorus', number: 15, mass: 30.974, group: 15, period: 3, category: 'nonmetal' },
  { symbol: 'S', name: 'Sulfur', number: 16, mass: 32.06, group: 16, period: 3, category: 'nonmetal' },
  { symbol: 'Cl', name: 'Chlorine', number: 17, mass: 35.45, group: 17, period: 3, category: 'halogen' },
  { symbol: 'K', name: 'Potassium', number: 19, mass: 39.098, group: 1, period: 4, category: 'alkali metal' },
  { symbol: 'Ca', name: 'Calcium', number: 20, mass: 40.078, group: 2, period: 4, category: 'alkaline earth metal' },
  { symbol: 'Fe', name: 'Iron', number: 26, mass: 55.845, group: 8, period: 4, category: 'transition metal' },
  { symbol: 'Cu', name: 'Copper', number: 29, mass: 63.546, group: 11, period: 4, category: 'transition metal' },
  { symbol: 'Zn', name: 'Zinc', number: 30, mass: 65.38, group: 12, period: 4, category: 'transition metal' },
  { symbol: 'Br', name: 'Bromine', number: 35, mass: 79.904, group: 17, period: 4, category: 'halogen' },
  { symbol: 'Ag', name: 'Silver', number: 47, mass: 107.87, group: 11, period: 5, category: 'transition metal' },
  { symbol: 'I', name: 'Iodine', number: 53, mass: 126.9, group: 17, period: 5, category: 'halogen' },
];

/** Real compounds with three elements each, by common name. */
const COMPOUNDS: readonly { name: string; atoms: readonly (readonly [string, number])[] }[] = [
  { name: 'ethanol', atoms: [['C', 2], ['H', 6], ['O', 1]] },
  { name: 'glucose', atoms: [['C', 6], ['H', 12], ['O', 6]] },
  { name: 'acetic acid', atoms: [['C', 2], ['H', 4], ['O', 2]] },
  { name: 'aspirin', atoms: [['C', 9], ['H', 8], ['O', 4]] },
  { name: 'acetone', atoms: [['C', 3], ['H', 6], ['O', 1]] },
  { name: 'urea', atoms: [['C', 1], ['H', 4], ['N', 2], ['O', 1]] },
  { name: 'sucrose', atoms: [['C', 12], ['H', 22], ['O', 11]] },
  { name: 'citric acid', atoms: [['C', 6], ['H', 8], ['O', 7]] },
  { name: 'pyridine', atoms: [['C', 5], ['H', 5], ['N', 1]] },
  { name: 'aniline', atoms: [['C', 6], ['H', 7], ['N', 1]] },
  { name: 'chloroform', atoms: [['C', 1], ['H', 1], ['Cl', 3]] },
  { name: 'sodium bicarbonate', atoms: [['C', 1], ['H', 1], ['Na', 1], ['O', 3]] },
  { name: 'sulfuric acid', atoms: [['H', 2], ['O', 4], ['S', 1]] },
  { name: 'phosphoric acid', atoms: [['H', 3], ['O', 4], ['P', 1]] },
  { name: 'calcium carbonate', atoms: [['C', 1], ['Ca', 1], ['O', 3]] },
  { name: 'methanol', atoms: [['C', 1], ['H', 4], ['O', 1]] },
  { name: 'benzoic acid', atoms: [['C', 7], ['H', 6], ['O', 2]] },
  { name: 'lactic acid', atoms: [['C', 3], ['H', 6], ['O', 3]] },
  { name: 'nitric acid', atoms: [['H', 1], ['N', 1], ['O', 3]] },
  { name: 'potassium permanganate', atoms: [['K', 1], ['Mn', 1], ['O', 4]] },
];

const TOPICS = ['graph neural networks', 'protein folding', 'dark matter halos', 'quantum error correction', 'language model alignment', 'exoplanet atmospheres', 'perovskite solar cells', 'gut microbiome', 'topological insulators', 'reinforcement learning'];
const CATEGORY: Readonly<Record<string, string>> = {
  'graph neural networks': 'cs.LG', 'protein folding': 'q-bio.BM', 'dark matter halos': 'astro-ph.CO', 'quantum error correction': 'quant-ph', 'language model alignment': 'cs.CL',
  'exoplanet atmospheres': 'astro-ph.EP', 'perovskite solar cells': 'cond-mat.mtrl-sci', 'gut microbiome': 'q-bio.GN', 'topological insulators': 'cond-mat.mes-hall', 'reinforcement learning': 'cs.AI',
};
const OPENERS = ['Scalable', 'Robust', 'Efficient', 'Towards', 'Revisiting', 'On the Limits of', 'Learning', 'Probing', 'Understanding', 'A Survey of'];
const CLOSERS = ['across Domains', 'with Sparse Data', 'under Distribution Shift', 'from First Principles', 'in the Wild', 'via Contrastive Objectives', 'for Low-Resource Settings', 'in Practice'];
const VENUES = ['NeurIPS', 'ICML', 'Nature', 'Physical Review Letters', 'The Astrophysical Journal', 'ACL', 'Cell', 'Science', 'arXiv preprint'];
const AFFILIATIONS = ['Northgate University', 'Institute for Advanced Computation', 'Harborview Research Lab', 'Eastlake Polytechnic', 'Meridian Medical School', 'Summit Observatory'];

export function buildScience(ctx: DomainContext): ScienceWorld {
  const { rng, today } = ctx;
  const authorCount = scaled(90, ctx.scale, 30);
  const names = uniqueNames(rng, authorCount);
  const authorIds = uniqueIds(rng, authorCount, '', 8);
  const authors: Author[] = names.map((name, i) => ({ id: authorIds[i]!, name, affiliation: rng.pick(AFFILIATIONS), h_index: rng.int(2, 85) }));
  const count = scaled(150, ctx.scale, 50, 480);
  const titles = uniqueStrings(count, () => `${rng.pick(OPENERS)} ${rng.pick(TOPICS).replace(/^./, (c) => c.toUpperCase())} ${rng.pick(CLOSERS)}`);
  const ids = uniqueIds(rng, count, '', 9);
  const papers: Paper[] = titles.map((title, i) => {
    const topic = TOPICS.find((t) => title.toLowerCase().includes(t))!;
    const published = addDays(today, -rng.int(10, 1100));
    return {
      id: ids[i]!,
      arxiv_id: `${published.slice(2, 4)}${published.slice(5, 7)}.${String(rng.int(1, 29999)).padStart(5, '0')}`,
      title,
      author_ids: rng.sample(authors, rng.int(1, 5)).map((a) => a.id),
      published,
      category: CATEGORY[topic]!,
      venue: rng.pick(VENUES),
      citations: Math.floor(rng.next() * rng.next() * 900),
      references: rng.int(12, 90),
      abstract: `We study ${topic} and report results ${rng.pick(CLOSERS).toLowerCase()}.`,
    };
  });
  papers.sort((a, b) => (a.published < b.published ? 1 : a.published > b.published ? -1 : 0));
  const papersByAuthor = new Map<string, string[]>();
  for (const p of papers) for (const a of p.author_ids) papersByAuthor.set(a, [...(papersByAuthor.get(a) ?? []), p.id]);
  const elements = ELEMENTS;
  const known = new Set(elements.map((e) => e.symbol));
  const compounds: Compound[] = COMPOUNDS.filter((c) => c.atoms.every(([s]) => known.has(s))).map((c, i) => ({ cid: 700 + i * 37 + rng.int(0, 30), name: c.name, atoms: c.atoms }));
  return {
    authors,
    papers,
    elements,
    compounds,
    topics: TOPICS,
    authorById: indexBy(authors, 'id'),
    paperById: indexBy(papers, 'id'),
    elementBySymbol: indexBy(elements, 'symbol'),
    papersByAuthor,
  };
}
