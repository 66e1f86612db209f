import { z } from 'zod';
import { matchesAll, termWords } from '../org/text-search.js';
import { crmTool, failure } from './tool-kit.js';

export const searchKnowledgeArticles = crmTool({
  name: 'search_knowledge_articles',
  description: 'Searches the knowledge base (title, summary and body; every word must match the start of a word) and returns the articles found as [{Id, Title, Content}].',
  input: z.object({ search_term: z.string().describe('words to look for, e.g. "return window"') }),
  domain: 'knowledge',
  handler: ({ search_term }, { world }) => {
    const words = termWords(search_term);
    if (words.length === 0) return failure('search_term must contain a word');
    const found: { Id: string; Title: string; Content: string }[] = [];
    world.index.articleWords.forEach((articleWords, i) => {
      if (!matchesAll(articleWords, words)) return;
      const a = world.tables.Knowledge__kav[i]!;
      found.push({ Id: a.Id, Title: a.Title, Content: a.FAQ_Answer__c });
    });
    return found;
  },
});
