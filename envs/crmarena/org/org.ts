import type { ProductTraits } from './catalog.js';
import type { PolicyScenario } from './conversations.js';
import type { OrgIndex } from './indexes.js';
import type { FaqFact, PolicyFact } from './knowledge.js';
import type { OrgOptions } from './options.js';
import type { AgentTraits } from './people.js';
import type { OrgTables } from './records.js';

/**
 * What the generator knows beyond the records: why the data looks as it does, and the facts that
 * only a reader of free text would find (policy limits, which chats break a policy). Tasks read it;
 * tools never do.
 */
export interface OrgFacts {
  /** Aligned with the User table. */
  readonly agents: readonly AgentTraits[];
  /** Aligned with the Product2 table. */
  readonly products: readonly ProductTraits[];
  readonly stateFactor: Readonly<Record<string, number>>;
  readonly policies: readonly PolicyFact[];
  readonly faqs: readonly FaqFact[];
  readonly scenarios: readonly PolicyScenario[];
}

/** A seeded, read-only CRM org: tables keyed by object name, a fixed today, indexes and facts. */
export interface Org {
  readonly seed: string;
  readonly options: OrgOptions;
  /** `YYYY-MM-DD`. */
  readonly today: string;
  /** Today at 00:00:00 UTC. */
  readonly todayMs: number;
  /** The first instant cases may be created. */
  readonly windowStartMs: number;
  readonly tables: OrgTables;
  readonly index: OrgIndex;
  readonly facts: OrgFacts;
}
