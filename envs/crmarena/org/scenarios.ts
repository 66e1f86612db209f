import type { Rng } from '../../../src/core/rng.js';
import { addMonths, DAY, HOUR, startOfDay } from './dates.js';
import type { PolicyFact } from './knowledge.js';
import { POLICIES, type PolicyDefinition } from './policies.js';
import { ISSUE_NAMES } from './vocabulary.js';

/** A policy question planned for a chat case before its order exists, so the order record can agree with the chat. */
export interface PlannedScenario {
  readonly policy: PolicyDefinition;
  readonly fact: PolicyFact;
  /** What the customer claims, in the policy's unit. */
  readonly value: number;
  readonly granted: boolean;
}

const policiesByIssue = new Map<string, PolicyDefinition[]>();
for (const policy of POLICIES) for (const issue of policy.issues) policiesByIssue.set(issue, [...(policiesByIssue.get(issue) ?? []), policy]);

function scenarioValue(rng: Rng, policy: PolicyDefinition, limit: number, outcome: 'violation' | 'grant' | 'refuse'): number {
  const within = () => rng.int(Math.max(1, Math.round(limit * 0.2)), limit);
  const beyond = () => rng.int(limit + 1, limit * 2 + 1);
  if (policy.kind === 'max') return outcome === 'grant' ? within() : beyond();
  return outcome === 'grant' ? beyond() : within();
}

/** Some closed chat cases carry a policy question (60% of those whose issue a policy governs). */
export function planScenario(rng: Rng, issue: number, facts: readonly PolicyFact[]): PlannedScenario | null {
  const candidates = policiesByIssue.get(ISSUE_NAMES[issue]!) ?? [];
  if (candidates.length === 0 || !rng.chance(0.6)) return null;
  const policy = rng.pick(candidates);
  const fact = facts.find((f) => f.key === policy.key)!;
  const roll = rng.next();
  const outcome = roll < 0.55 ? 'violation' : roll < 0.8 ? 'grant' : 'refuse';
  return { policy, fact, value: scenarioValue(rng, policy, fact.limit, outcome), granted: outcome !== 'refuse' };
}

/**
 * The order day that agrees with what the customer says at `chatAt`: bought or placed exactly
 * `value` units ago; delivered `value` days ago after 2-6 days in transit. Null when the claim is
 * not about this order's age (a late delivery, loyalty points, a credit), so any order day fits.
 */
export function orderDayFor(rng: Rng, scenario: PlannedScenario, chatAt: number): number | null {
  const { policy, value } = scenario;
  if (policy.since === 'purchase') {
    if (policy.unit === 'hours') return startOfDay(chatAt - value * HOUR);
    if (policy.unit === 'months') return startOfDay(addMonths(chatAt, -value));
    return startOfDay(chatAt) - value * DAY;
  }
  if (policy.since === 'delivery') return startOfDay(chatAt) - (value + rng.int(2, 6)) * DAY;
  return null;
}

/**
 * For a claim about the gap before this order (loyalty points: "before I ordered it, my last
 * purchase had been N months earlier"): the day of the account's previous order, exactly `value`
 * months before the order. The order book keeps the span between them free of the account's
 * other orders; a case whose span another case's order falls into loses its policy question.
 */
export function previousOrderDayFor(scenario: PlannedScenario, orderDay: number): number | null {
  return scenario.policy.since === 'previous-purchase' ? startOfDay(addMonths(orderDay, -scenario.value)) : null;
}

/** Whether the account's orders (days, any order) agree with a previous-purchase claim: the latest order before `orderDay` is on `previousDay`. */
export function previousPurchaseHolds(accountOrderDays: readonly number[], orderDay: number, previousDay: number): boolean {
  let latest = -Infinity;
  for (const day of accountOrderDays) if (day < orderDay && day > latest) latest = day;
  return latest === previousDay;
}
