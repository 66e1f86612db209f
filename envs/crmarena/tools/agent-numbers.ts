import type { AssignmentLog } from '../org/indexes.js';

/** The agents of an assignment log numbered 0..n-1, and each entry's new and previous owner as those numbers. */
export interface NumberedLog {
  readonly agents: readonly string[];
  readonly numberOf: ReadonlyMap<string, number>;
  readonly to: Int32Array;
  /** -1 on a first assignment (no previous owner). */
  readonly from: Int32Array;
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
  known = { agents, numberOf, to, from };
  numbered.set(log, known);
  return known;
}

/**
 * `{agent: count}` of the numbered agents in `who[from..to)` (-1 skipped, and with `only` given,
 * agents outside it), keys in the order each agent first appears: the object the plain loop
 * `counts[id] = (counts[id] ?? 0) + 1` builds.
 */
export function countAgents(log: NumberedLog, who: Int32Array, from: number, to: number, only: Uint8Array | null): Record<string, number> {
  const counts = new Int32Array(log.agents.length);
  const order: number[] = [];
  for (let i = from; i < to; i++) {
    const agent = who[i]!;
    if (agent < 0 || (only !== null && only[agent] === 0)) continue;
    if (counts[agent] === 0) order.push(agent);
    counts[agent]!++;
  }
  const out: Record<string, number> = {};
  for (let i = 0; i < order.length; i++) out[log.agents[order[i]!]!] = counts[order[i]!]!;
  return out;
}
