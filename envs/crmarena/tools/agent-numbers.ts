import type { AssignmentLog } from '../org/indexes.js';
import { orderedPrefix, type NumberColumns } from '../../../src/core/number-record.js';

/** The agents of an assignment log numbered 0..n-1, and each entry's new and previous owner as those numbers. */
export interface NumberedLog {
  readonly agents: readonly string[];
  readonly numberOf: ReadonlyMap<string, number>;
  readonly to: Int32Array;
  /** -1 on a first assignment (no previous owner). */
  readonly from: Int32Array;
  /** JSON member prefixes (`"id":`) of the agents by number, made as counts are first written; null for a key JSON would not write in assignment order. */
  readonly prefixes: (string | null | undefined)[];
}

const numbered = new WeakMap<AssignmentLog, NumberedLog>();

/** The log with its agents numbered, made once per log (an org's log never changes). */
export function numberedLog(log: AssignmentLog): NumberedLog {
  let known = numbered.get(log);
  if (known !== undefined) return known;
  const agents: string[] = [];
  const numberOf = new Map<string, number>();
  const number = (id: string): number => {
    let n = numberOf.get(id);
    if (n === undefined) {
      n = agents.length;
      numberOf.set(id, n);
      agents.push(id);
    }
    return n;
  };
  const to = new Int32Array(log.to.length);
  const from = new Int32Array(log.to.length);
  for (let i = 0; i < log.to.length; i++) {
    to[i] = number(log.to[i]!);
    const old = log.from[i];
    from[i] = old === null || old === undefined ? -1 : number(old);
  }
  known = { agents, numberOf, to, from, prefixes: [] };
  numbered.set(log, known);
  return known;
}

/** A count record and its JSON text. */
export interface AgentCounts {
  readonly counts: Record<string, number>;
  /** `JSON.stringify(counts)`, written from the agents' quoted keys. */
  readonly text: string;
  /** The record's columns when its text was written from the quoted keys (it then parses back from it equal: its counts are positive integers), else null. */
  readonly columns: NumberColumns | null;
}

/** The agent's `"id":`, or null when the plain writing differs (an array index, `__proto__`, which assignment does not set). */
function prefixOf(log: NumberedLog, agent: number): string | null {
  let prefix = log.prefixes[agent];
  if (prefix === undefined) log.prefixes[agent] = prefix = orderedPrefix(log.agents[agent]!);
  return prefix;
}

/**
 * `{agent: count}` of the numbered agents in `who[from..to)` (-1 skipped, and with `only` given,
 * agents outside it), keys in the order each agent first appears: the object the plain loop
 * `counts[id] = (counts[id] ?? 0) + 1` builds, with its JSON text.
 */
export function countAgents(log: NumberedLog, who: Int32Array, from: number, to: number, only: Uint8Array | null): AgentCounts {
  const counts = new Int32Array(log.agents.length);
  const order: number[] = [];
  for (let i = from; i < to; i++) {
    const agent = who[i]!;
    if (agent < 0 || (only !== null && only[agent] === 0)) continue;
    if (counts[agent] === 0) order.push(agent);
    counts[agent]!++;
  }
  const out: Record<string, number> = {};
  const parts = new Array<string>(order.length);
  const keys = new Array<string>(order.length);
  const values = new Array<number>(order.length);
  let written = true;
  for (let i = 0; i < order.length; i++) {
    const agent = order[i]!;
    const n = counts[agent]!;
    out[(keys[i] = log.agents[agent]!)] = values[i] = n;
    const prefix = prefixOf(log, agent);
    if (prefix === null) written = false;
    else parts[i] = prefix + n;
  }
  return written ? { counts: out, text: `{${parts.join(',')}}`, columns: { keys, values } } : { counts: out, text: JSON.stringify(out), columns: null };
}
