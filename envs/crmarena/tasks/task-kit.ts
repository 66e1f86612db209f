import { z } from 'zod';
import type { JsonObject, JsonValue } from '../../../src/core/json.js';
import type { AnswerScope, Placeholder } from '../../../src/tasks/template.js';
import { isoDateTime } from '../org/dates.js';
import type { Org } from '../org/org.js';
import type { CrmState } from '../tools/tool-kit.js';
import { DOMAIN_DETAILS } from './domain-details.js';

export type CrmScope = AnswerScope<Org, CrmState>;

/** The nine CRMArena tasks. */
export const TASK_CODES = ['NCR', 'HTU', 'MTA', 'BRI', 'TCU', 'TII', 'NED', 'PVI', 'KQA'] as const;
export type TaskCode = (typeof TASK_CODES)[number];

export const TASK_NAMES: Readonly<Record<TaskCode, string>> = {
  NCR: 'New case routing',
  HTU: 'Handle time understanding',
  MTA: 'Monthly trend analysis',
  BRI: 'Best region identification',
  TCU: 'Transfer count understanding',
  TII: 'Top issue identification',
  NED: 'Named entity disambiguation',
  PVI: 'Policy violation identification',
  KQA: 'Knowledge question answering',
};

/** Today at midnight as the date-time the tools take: the end of every "past N" window. */
export const todayPlaceholder: Placeholder<Org> = {
  schema: z.string(),
  description: "today's date at 00:00:00 UTC, the end of a 'past N' window",
  sample: ({ world }) => isoDateTime(world.todayMs),
};

/** What the system prompt reads: the task, its policy, the domain details and today's date. */
export function taskContext(code: TaskCode, policy: string) {
  return ({ world }: CrmScope): JsonObject => ({ task: code, task_name: TASK_NAMES[code], policy, domain_details: DOMAIN_DETAILS, today: world.today });
}

/** The output of a path step as a list of strings (ids). */
export function idsOf(value: JsonValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function recordOf(value: JsonValue | undefined): Record<string, number> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, number] => typeof e[1] === 'number'));
}

/** The single id of a list, or null when it holds none or several. */
export function single(ids: readonly string[]): string | null {
  return ids.length === 1 ? ids[0]! : null;
}

/** Extra tools every template offers where its split allows: CRMArena's free-form query tools. */
export const FLEX_TOOLS = ['issue_soql_query', 'issue_sosl_query'];

/** A per-org cache of something derived from it. */
export function perOrg<T>(make: (org: Org) => T): (org: Org) => T {
  const cache = new WeakMap<Org, T>();
  return (org) => {
    let value = cache.get(org);
    if (value === undefined) {
      value = make(org);
      cache.set(org, value);
    }
    return value;
  };
}
