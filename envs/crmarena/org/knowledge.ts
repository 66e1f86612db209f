import type { Rng } from '../../../src/core/rng.js';
import { ID_PREFIX, IdMinter } from './ids.js';
import { POLICIES } from './policies.js';
import type { KnowledgeRecord } from './records.js';
import { PRODUCT_LINES } from './vocabulary.js';

/** A policy as this org sets it: which article states it and its limit. */
export interface PolicyFact {
  readonly key: string;
  readonly articleId: string;
  readonly limit: number;
}

/** A question a knowledge article answers, the short answer, and words that find the article. */
export interface FaqFact {
  readonly articleId: string;
  readonly question: string;
  readonly answer: string;
  readonly searchTerm: string;
}

const CARE = [
  'Rinse with cold water and mild soap, then let it air dry away from direct heat',
  'Wipe it with a damp cloth after each use and never put it in a tumble dryer',
  'Hand wash in lukewarm water with a gentle detergent and skip fabric softener',
  'Brush off dried dirt first, then clean the surface with a soft sponge and plain water',
  'Machine wash cold on a gentle cycle inside a laundry bag and hang to dry',
];
const STORAGE = [
  'Keep it in a cool, dry place out of direct sunlight',
  'Store it loosely in its breathable bag, away from radiators',
  'Hang it in a ventilated closet once it is completely dry',
  'Keep it flat in a drawer, away from sharp objects and heat',
];
const REPLACE_MONTHS = [6, 9, 12, 18, 24];

function slug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export function buildKnowledge(rng: Rng): { articles: KnowledgeRecord[]; policies: PolicyFact[]; faqs: FaqFact[] } {
  const ids = new IdMinter(ID_PREFIX.Knowledge__kav, rng.child('ids'));
  const draw = rng.child('facts');
  const articles: KnowledgeRecord[] = [];
  const policies: PolicyFact[] = [];
  const faqs: FaqFact[] = [];
  const add = (title: string, summary: string, body: string): string => {
    const id = ids.mint();
    articles.push({ Id: id, Title: title, Summary: summary, UrlName: slug(title), FAQ_Answer__c: body });
    return id;
  };

  for (const policy of POLICIES) {
    const limit = draw.pick(policy.limits);
    const id = add(policy.title, policy.summary(limit), policy.body(limit));
    policies.push({ key: policy.key, articleId: id, limit });
    faqs.push({ articleId: id, question: policy.question, answer: policy.answer(limit), searchTerm: policy.searchTerm });
  }

  for (const line of PRODUCT_LINES) {
    const noun = line.noun.toLowerCase();
    const care = draw.pick(CARE);
    const careTitle = `How should I clean my ${noun}?`;
    const careId = add(careTitle, `Cleaning advice for ${line.plural}.`, `Our ${line.plural} last longer with a little care. ${care}. Avoid bleach and solvents, which weaken the materials.`);
    faqs.push({ articleId: careId, question: careTitle, answer: care, searchTerm: `clean ${noun}` });

    const months = draw.pick(REPLACE_MONTHS);
    const replaceAnswer = `Every ${months} months of regular use`;
    const replaceTitle = `How often should I replace my ${noun}?`;
    const replaceId = add(replaceTitle, `When to replace ${line.plural}.`, `Plan to replace your ${noun}: ${replaceAnswer.toLowerCase()}. Replace it sooner if you notice worn areas or loss of support.`);
    faqs.push({ articleId: replaceId, question: replaceTitle, answer: replaceAnswer, searchTerm: `replace ${noun}` });

    const storage = draw.pick(STORAGE);
    const storeTitle = `How should I store my ${noun}?`;
    const storeId = add(storeTitle, `Storage tips for ${line.plural}.`, `Between uses, ${storage.charAt(0).toLowerCase()}${storage.slice(1)}. Make sure it is clean before putting it away.`);
    faqs.push({ articleId: storeId, question: storeTitle, answer: storage, searchTerm: `store ${noun}` });
  }

  const general: { title: string; summary: string; answer: string; body: (answer: string) => string; searchTerm: string }[] = [
    (() => {
      const days = draw.int(3, 7);
      return { title: 'How long does standard shipping take?', summary: 'Delivery times for standard shipping.', answer: `${days} business days`, body: (a: string) => `Standard shipping takes ${a} within the contiguous United States. Express shipping is available at checkout.`, searchTerm: 'standard shipping' };
    })(),
    (() => {
      const days = draw.int(5, 10);
      return { title: 'How long does a refund take to arrive?', summary: 'Refund processing times.', answer: `${days} business days after approval`, body: (a: string) => `Approved refunds reach the original payment method ${a}. Bank processing may add a day or two.`, searchTerm: 'refund arrive' };
    })(),
    (() => {
      const price = draw.int(3, 8);
      return { title: 'Is gift wrapping available?', summary: 'Gift wrapping options.', answer: `Yes, at checkout for $${price}`, body: (a: string) => `${a}. A personal message card is included free of charge.`, searchTerm: 'gift wrapping' };
    })(),
    (() => {
      const hours = draw.int(1, 6);
      return { title: 'Can I change my delivery address after ordering?', summary: 'Changing a delivery address.', answer: `Within ${hours} hours of ordering, from the order page`, body: (a: string) => `You can change the delivery address ${a.charAt(0).toLowerCase()}${a.slice(1)}. After that, contact support.`, searchTerm: 'delivery address' };
    })(),
  ];
  for (const g of general) {
    const id = add(g.title, g.summary, g.body(g.answer));
    faqs.push({ articleId: id, question: g.title, answer: g.answer, searchTerm: g.searchTerm });
  }
  return { articles, policies, faqs };
}
