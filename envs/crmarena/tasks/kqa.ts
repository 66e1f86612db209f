import { z } from 'zod';
import { ref } from '../../../src/tasks/refs.js';
import { defineTemplate } from '../../../src/tasks/template.js';
import type { Org } from '../org/org.js';
import type { CrmState } from '../tools/tool-kit.js';
import { KQA_F1_THRESHOLD } from './domain-details.js';
import { FLEX_TOOLS, taskContext, type CrmScope } from './task-kit.js';

const POLICY = [
  "Answer the customer's question from the knowledge base.",
  '- Search the knowledge articles and answer with the fact the matching article gives, in a short phrase (no full sentences needed).',
  `- Answers are scored by word overlap (token F1) with the article's answer; at least ${KQA_F1_THRESHOLD} counts as correct, and only when the key facts are exact: the same numbers with the same units, and the same yes or no. Give no other numbers.`,
].join('\n');

const factOf = (org: Org, index: unknown) => org.facts.faqs[Number(index)]!;

export const knowledgeQaTemplate = defineTemplate<Org, CrmState>({
  id: 'KQA',
  domain: 'KQA',
  split: 'held-out',
  description: 'A question one knowledge article answers',
  text: '{question}',
  paraphrases: ['A customer asks: {question}', 'Can you look this up for a customer? {question}'],
  placeholders: {
    faq: { schema: z.number().int().min(0), description: 'which knowledge fact is asked about (not shown)', sample: ({ world, rng }) => rng.int(0, world.facts.faqs.length - 1) },
    question: { schema: z.string(), description: 'the question', sample: ({ world, values }) => factOf(world, values['faq']).question },
    search_term: { schema: z.string(), description: 'words that find the article (not shown)', sample: ({ world, values }) => factOf(world, values['faq']).searchTerm },
  },
  path: [{ name: 'articles', tool: 'search_knowledge_articles', args: { search_term: ref.placeholder('search_term') } }],
  answer: ({ values, world }) => factOf(world, values['faq']).answer,
  accept: ({ values, world, outputs }: CrmScope) => {
    const id = factOf(world, values['faq']).articleId;
    return (Array.isArray(outputs['articles']) && outputs['articles'].some((a) => (a as { Id: string }).Id === id)) || 'the search does not find the article';
  },
  compare: { kind: 'token-f1', threshold: KQA_F1_THRESHOLD },
  offer: { extra: FLEX_TOOLS },
  params: ({ values, world }) => ({ task: 'KQA', today: world.today, article_id: factOf(world, values['faq']).articleId, search_term: values['search_term']! }),
  context: taskContext('KQA', POLICY),
});
