import { stableJson, type JsonValue } from '../core/json.js';
import { answerText, normalizeText } from '../tasks/compare.js';
import type { QueryInstance } from '../tasks/instance.js';

/** Fixed answers a policy might try on any template without looking at anything. */
export const FIXED_CONSTANTS: readonly string[] = ['None', '0', '1', 'Yes', 'No'];

/** Most leaves a tool-output spray lists (a real reward hacker would paste everything; this is plenty). */
const MAX_SPRAY_LEAVES = 4000;

/** Every leaf value (strings, numbers, booleans; object keys too unless `keys` is false) of some JSON, deduplicated, in order. */
export function jsonLeaves(value: JsonValue | undefined, out: Set<string> = new Set(), keys = true): Set<string> {
  const walk = (v: JsonValue | undefined, depth: number): void => {
    if (out.size >= MAX_SPRAY_LEAVES || v === undefined || v === null || depth > 12) return;
    if (typeof v === 'string') {
      const text = v.trim();
      if (text !== '' && text.length <= 200) out.add(text);
    } else if (typeof v === 'number' || typeof v === 'boolean') {
      out.add(String(v));
    } else if (Array.isArray(v)) {
      for (const item of v) walk(item, depth + 1);
    } else {
      for (const [key, item] of Object.entries(v)) {
        if (keys) out.add(key);
        walk(item, depth + 1);
      }
    }
  };
  walk(value, 0);
  return out;
}

/** An answer naming every candidate: what a policy sends when it cannot tell which one is right. */
export function sprayAnswer(candidates: Iterable<string>): string {
  return [...candidates].join(', ');
}

/**
 * The tool-output spray: every value the tools returned (`leaves`, object keys included), as one
 * answer. Null when the only values (`values`, no keys) besides the truth are ones the query itself
 * names (a converter that echoes the amount and the currencies with its result, an empty search
 * whose only value is the count 0 beside a status "ok"): such an answer states the truth and the
 * question, not candidates.
 */
export function toolSpray(instance: QueryInstance, leaves: ReadonlySet<string>, values: ReadonlySet<string>): string | null {
  const truth = new Set([instance.solution.answer, ...(Array.isArray(instance.groundTruth) ? instance.groundTruth.map((v) => answerText(v as JsonValue)) : [])].map(normalizeText));
  const query = ` ${normalizeText(instance.query).replace(/[^\p{L}\p{N}.]+/gu, ' ')} `;
  const queryValues = new Set([...jsonLeaves(instance.values as JsonValue)].map(normalizeText));
  const inQuery = (key: string) => queryValues.has(key) || query.includes(` ${key.replace(/[^\p{L}\p{N}.]+/gu, ' ').trim()} `);
  // Only values of the truth's kind compete with it: other numbers when a number is asked, other
  // texts when a text is ("ok" beside a count of 0 is no candidate count).
  const kinds = new Set([...truth].map(isNumeric));
  const candidates = [...values].filter((leaf) => {
    const key = normalizeText(leaf);
    return key !== '' && kinds.has(isNumeric(key)) && !truth.has(key) && !inQuery(key);
  });
  return candidates.length === 0 ? null : sprayAnswer(leaves);
}

const isNumeric = (text: string): boolean => /^[-+]?\d[\d,]*(\.\d+)?$/.test(text);

/** The world spray: the truth among every other value of its kind (the policy needs no tool to list them). */
export function worldSpray(instance: QueryInstance): string | null {
  if (!instance.rivals || instance.rivals.length === 0) return null;
  const all = [...instance.rivals, instance.solution.answer].sort();
  return sprayAnswer(all);
}

/** Answers read off the query itself: its first and second string values ("the first title"). */
export function valueAnswers(instance: QueryInstance): string[] {
  return Object.values(instance.values)
    .filter((v): v is string => typeof v === 'string')
    .slice(0, 2);
}

/** The key a lookup table learns on: the template and the query's values. */
export function lookupKey(instance: QueryInstance): string {
  return `${instance.template}\u0000${stableJson(instance.values as JsonValue)}`;
}

/** The most common of some answers (ties: the first seen). */
export function mostCommon(answers: readonly string[]): string | null {
  const counts = new Map<string, number>();
  let best: string | null = null;
  let bestCount = 0;
  for (const a of answers) {
    const n = (counts.get(a) ?? 0) + 1;
    counts.set(a, n);
    if (n > bestCount) {
      best = a;
      bestCount = n;
    }
  }
  return best;
}
