import { stableJson } from '../core/json.js';
import { filterVerdict, type FilterMode } from '../rollout/filter.js';
import { readRecords } from '../rollout/record-file.js';
import type { TrajectoryRecord } from '../rollout/record.js';
import { endAtAssistant, prefixBefore, trainingConversation, transcript, writtenAssistant, type Message } from './conversation.js';

/** A preference pair: a shared prompt and two continuations, the preferred one first. */
export interface PreferencePair {
  readonly prompt: Message[];
  readonly chosen: Message[];
  readonly rejected: Message[];
  readonly tools: TrajectoryRecord['tools'];
  readonly system: string;
  /**
   * Where it came from: the record hash(es), the step (step-level pairs), and whether the trajectory
   * of the chosen side passes the filter (false: a step-level pair from a rejected trajectory).
   */
  readonly source: { readonly chosen: string; readonly rejected: string; readonly step?: number; readonly kept: boolean };
}

/**
 * Step-level pairs of one trajectory: at every step where a candidate passed (every action-level
 * check, and a right answer when it answers) and others sampled from the same state failed, one
 * pair per distinct failing candidate. The chosen side is the played candidate when it passed,
 * else the first that did. The prompt is the whole conversation up to that step, so it is an
 * exact prefix of both sides. `source.kept` says whether the trajectory passes the filter.
 */
export function stepPairs(record: TrajectoryRecord, filter: FilterMode = 'both'): PreferencePair[] {
  const pairs: PreferencePair[] = [];
  let kept: boolean | undefined;
  record.steps.forEach((step, index) => {
    const candidates = step.candidates;
    if (!candidates || step.chosen === undefined) return;
    const best = candidates[step.chosen]?.passed ? step.chosen : candidates.findIndex((c) => c.passed);
    if (best < 0) return;
    const chosen = best === step.chosen ? writtenAssistant(step) : writtenAssistant(candidates[best]!);
    const chosenKey = stableJson(chosen);
    let prompt: Message[] | null = null;
    const seen = new Set<string>([chosenKey]);
    for (const candidate of candidates) {
      if (candidate.passed) continue;
      const rejected = writtenAssistant(candidate);
      const key = stableJson(rejected);
      if (seen.has(key)) continue;
      seen.add(key);
      prompt ??= prefixBefore(record, index);
      kept ??= filterVerdict(record, filter).keep;
      pairs.push({ prompt, chosen: [chosen], rejected: [rejected], tools: record.tools, system: record.system, source: { chosen: record.hash, rejected: record.hash, step: index, kept } });
    }
  });
  return pairs;
}

function commonPrefixLength(a: readonly Message[], b: readonly Message[]): number {
  let i = 0;
  while (i < a.length && i < b.length && stableJson(a[i]) === stableJson(b[i])) i++;
  return i;
}

/**
 * A trajectory-level pair: a kept and a failed trajectory of the same instance. The prompt is the
 * longest common prefix of the two conversations (at least the opening); the kept side is its
 * training conversation (fixed errors dropped), the failed side its whole conversation, each ending
 * with its last assistant turn.
 */
export function trajectoryPair(kept: TrajectoryRecord, failed: TrajectoryRecord): PreferencePair | null {
  const good = trainingConversation(kept);
  const bad = endAtAssistant(transcript(failed));
  let shared = commonPrefixLength(good, bad);
  // the prompt must end before an assistant turn on both sides
  while (shared > 2 && (good[shared]?.role !== 'assistant' || bad[shared]?.role !== 'assistant')) shared--;
  shared = Math.max(2, Math.min(shared, good.length, bad.length));
  const chosen = good.slice(shared);
  const rejected = bad.slice(shared);
  if (chosen.length === 0 || rejected.length === 0 || stableJson(chosen) === stableJson(rejected)) return null;
  return { prompt: good.slice(0, shared), chosen, rejected, tools: kept.tools, system: kept.system, source: { chosen: kept.hash, rejected: failed.hash, kept: true } };
}

/** The key under which trajectories count as attempts at the same instance. */
export function instanceKey(record: TrajectoryRecord): string {
  return `${record.env.id}\u0000${record.instance.id}\u0000${stableJson(record.instance.tools)}`;
}

/**
 * Trajectory-level pairs of a file, in two streaming passes: the first groups line numbers by
 * instance and verdict, the second pairs each failed trajectory with a kept one of its instance
 * (round robin), holding a record only until its partner is read.
 */
export async function* trajectoryPairs(path: string, filter: FilterMode = 'both'): AsyncGenerator<PreferencePair> {
  const groups = new Map<string, { kept: number[]; failed: number[] }>();
  for await (const { record, line } of readRecords(path)) {
    const key = instanceKey(record);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { kept: [], failed: [] }));
    (filterVerdict(record, filter).keep ? group.kept : group.failed).push(line.number);
  }
  const partners = new Map<number, number[]>();
  const link = (a: number, b: number): void => {
    partners.set(a, [...(partners.get(a) ?? []), b]);
  };
  const pairsOf: [number, number][] = [];
  for (const { kept, failed } of groups.values()) {
    if (kept.length === 0) continue;
    failed.forEach((bad, i) => {
      const good = kept[i % kept.length]!;
      pairsOf.push([good, bad]);
      link(good, bad);
      link(bad, good);
    });
  }
  groups.clear();
  if (pairsOf.length === 0) return;
  const pending = new Map<number, { record: TrajectoryRecord; open: number }>();
  const keptSide = new Set(pairsOf.map(([good]) => good));
  for await (const { record, line } of readRecords(path)) {
    const mine = partners.get(line.number);
    if (!mine) continue;
    let open = mine.length;
    for (const other of mine) {
      const partner = pending.get(other);
      if (!partner) continue;
      const pair = keptSide.has(line.number) ? trajectoryPair(record, partner.record) : trajectoryPair(partner.record, record);
      if (pair) yield pair;
      open--;
      if (--partner.open === 0) pending.delete(other);
    }
    if (open > 0) pending.set(line.number, { record, open });
  }
}
