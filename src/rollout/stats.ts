import { emptyErrorTally, ERROR_CLASSES, type ErrorTally } from '../actions/errors.js';
import { filterVerdict, type FilterMode } from './filter.js';
import { selectionOf, type TrajectoryRecord } from './record.js';

/** Counts over a group of trajectories, as in the paper's tables. */
export interface StatsRow {
  /** 'total', or the grouping: by env, by env and split, by env, split and template. */
  readonly level: 'total' | 'env' | 'split' | 'template';
  readonly env: string | null;
  readonly split: string | null;
  readonly template: string | null;
  episodes: number;
  /** Episodes whose final answer was right (as played, whatever chose the actions). */
  solved: number;
  taskPassRate: number;
  /**
   * Solved episodes that played the policy's first sample at every step: solved by the policy on
   * its own, with no selection (a one-sample run plays exactly these steps). Equals `solved`
   * without sampling; with sampling it is a lower bound of the one-sample pass rate, since a first
   * sample that failed was replaced (`lamsim eval` measures that rate exactly).
   */
  ownSolved: number;
  ownPassRate: number;
  /** Solved episodes where the answer key (an answer-guided selection) changed at least one pick. */
  guidedSolved: number;
  guidedPassRate: number;
  /** Actions played. */
  actions: number;
  actionsPassed: number;
  actionPassRate: number;
  /** Failed actions played, by the first failed layer. */
  errors: ErrorTally;
  /** Episodes the filter keeps. */
  kept: number;
  keptRate: number;
  meanSteps: number;
  /** Every sampled candidate (counted with multiplicity) and those that passed; 0 without sampling. */
  candidates: number;
  candidatesPassed: number;
  candidatePassRate: number;
  /** Multi-turn episodes of the group (absent when it has none). */
  conversation?: ConversationStats;
}

/** Per-intent results and the agent's messages to the simulated user, over a group's multi-turn episodes. */
export interface ConversationStats {
  episodes: number;
  /** Intents the episodes held, those answered (graded) and those answered right. */
  intents: number;
  intentsAnswered: number;
  intentsSolved: number;
  intentPassRate: number;
  /** Messages to the user (steps with no call), and per episode. */
  messages: number;
  messagesPerEpisode: number;
  /** Messages whose user reply gave a withheld detail. */
  neededQuestions: number;
  redundantQuestions: number;
  unneededQuestions: number;
  /** Answers before asking for what was missing (not graded). */
  prematureAnswers: number;
}

export interface StatsReport {
  readonly total: StatsRow;
  /** Env rows, each followed by its split rows, each followed by its template rows; sorted by name. */
  readonly rows: readonly StatsRow[];
}

function emptyRow(level: StatsRow['level'], env: string | null, split: string | null, template: string | null): StatsRow {
  return { level, env, split, template, episodes: 0, solved: 0, taskPassRate: 0, ownSolved: 0, ownPassRate: 0, guidedSolved: 0, guidedPassRate: 0, actions: 0, actionsPassed: 0, actionPassRate: 0, errors: emptyErrorTally(), kept: 0, keptRate: 0, meanSteps: 0, candidates: 0, candidatesPassed: 0, candidatePassRate: 0 };
}

interface Contribution {
  solved: boolean;
  own: boolean;
  guided: boolean;
  kept: boolean;
  actions: number;
  passed: number;
  errors: ErrorTally;
  candidates: number;
  candidatesPassed: number;
  conversation: ConversationStats | null;
}

const emptyConversation = (): ConversationStats => ({ episodes: 0, intents: 0, intentsAnswered: 0, intentsSolved: 0, intentPassRate: 0, messages: 0, messagesPerEpisode: 0, neededQuestions: 0, redundantQuestions: 0, unneededQuestions: 0, prematureAnswers: 0 });

/** A multi-turn record's conversation counts, or null for a single-turn one. */
function conversationOf(record: Pick<TrajectoryRecord, 'instance' | 'steps'>): ConversationStats | null {
  const conversation = record.instance.conversation;
  if (!conversation) return null;
  const stats = emptyConversation();
  stats.episodes = 1;
  stats.intents = conversation.intents.length;
  for (const step of record.steps) {
    const user = step.user;
    if (!user) continue;
    if (step.calls.length === 0) stats.messages++;
    if (user.revealed.length > 0) stats.neededQuestions++;
    if (user.penalty === 'redundantQuestion') stats.redundantQuestions++;
    else if (user.penalty === 'unneededQuestion') stats.unneededQuestions++;
    else if (user.penalty === 'prematureAnswer') stats.prematureAnswers++;
    if (user.graded) {
      stats.intentsAnswered++;
      if (user.graded.correct) stats.intentsSolved++;
    }
  }
  return stats;
}

const CONVERSATION_COUNTS = ['episodes', 'intents', 'intentsAnswered', 'intentsSolved', 'messages', 'neededQuestions', 'redundantQuestions', 'unneededQuestions', 'prematureAnswers'] as const;

function contribute(row: StatsRow, c: Contribution): void {
  if (c.conversation) {
    const into = (row.conversation ??= emptyConversation());
    for (const key of CONVERSATION_COUNTS) into[key] += c.conversation[key];
  }
  row.episodes++;
  if (c.solved) row.solved++;
  if (c.solved && c.own) row.ownSolved++;
  if (c.solved && c.guided) row.guidedSolved++;
  if (c.kept) row.kept++;
  row.actions += c.actions;
  row.actionsPassed += c.passed;
  for (const cls of ERROR_CLASSES) row.errors[cls] += c.errors[cls];
  row.candidates += c.candidates;
  row.candidatesPassed += c.candidatesPassed;
}

function finish(row: StatsRow): StatsRow {
  const ratio = (a: number, b: number): number => (b === 0 ? 0 : Math.round((a / b) * 10_000) / 10_000);
  row.taskPassRate = ratio(row.solved, row.episodes);
  row.ownPassRate = ratio(row.ownSolved, row.episodes);
  row.guidedPassRate = ratio(row.guidedSolved, row.episodes);
  row.actionPassRate = ratio(row.actionsPassed, row.actions);
  row.keptRate = ratio(row.kept, row.episodes);
  row.meanSteps = ratio(row.actions, row.episodes);
  row.candidatePassRate = ratio(row.candidatesPassed, row.candidates);
  if (row.conversation) {
    row.conversation.intentPassRate = ratio(row.conversation.intentsSolved, row.conversation.intents);
    row.conversation.messagesPerEpisode = ratio(row.conversation.messages, row.conversation.episodes);
  }
  return row;
}

/** Statistics computed in one streaming pass: memory grows with the number of groups, not of records. */
export class StatsAccumulator {
  readonly #filter: FilterMode;
  readonly #total = emptyRow('total', null, null, null);
  readonly #rows = new Map<string, StatsRow>();

  /** `filter`: which checks count a trajectory as kept (default both, the paper's filter). */
  constructor(filter: FilterMode = 'both') {
    this.#filter = filter;
  }

  #row(key: string, make: () => StatsRow): StatsRow {
    let row = this.#rows.get(key);
    if (!row) this.#rows.set(key, (row = make()));
    return row;
  }

  add(record: Pick<TrajectoryRecord, 'env' | 'split' | 'instance' | 'steps' | 'outcome' | 'passed' | 'policy' | 'selection'>): void {
    const errors = emptyErrorTally();
    const answerGuided = selectionOf(record) === 'answer-guided';
    let passed = 0;
    let candidates = 0;
    let candidatesPassed = 0;
    let own = true;
    let guided = false;
    for (const step of record.steps) {
      if (step.ok) passed++;
      else if (step.errorClass !== null || !step.user?.penalty) errors[step.errorClass ?? 'structure']++;
      if ((step.chosen ?? 0) !== 0) own = false;
      if (answerGuided && step.candidates && step.chosen !== undefined && step.chosen !== Math.max(0, step.candidates.findIndex((x) => x.ok))) guided = true;
      for (const c of step.candidates ?? []) {
        candidates += c.count;
        if (c.passed) candidatesPassed += c.count;
      }
    }
    const c: Contribution = { solved: record.passed, own, guided, kept: filterVerdict(record, this.#filter).keep, actions: record.steps.length, passed, errors, candidates, candidatesPassed, conversation: conversationOf(record) };
    const env = record.env.id;
    const { split } = record;
    const template = record.instance.template;
    contribute(this.#total, c);
    contribute(this.#row(`${env}\u0000`, () => emptyRow('env', env, null, null)), c);
    contribute(this.#row(`${env}\u0000${split}\u0000`, () => emptyRow('split', env, split, null)), c);
    contribute(this.#row(`${env}\u0000${split}\u0000${template}`, () => emptyRow('template', env, split, template)), c);
  }

  report(): StatsReport {
    const keys = [...this.#rows.keys()].sort();
    return { total: finish(structuredClone(this.#total)), rows: keys.map((k) => finish(structuredClone(this.#rows.get(k)!))) };
  }
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** The report as a terminal table. */
export function formatStatsTable(report: StatsReport): string {
  const hasGuided = report.total.guidedSolved > 0;
  const header = ['group', 'episodes', 'task pass', 'own pass', ...(hasGuided ? ['guided'] : []), 'action pass', 'structure', 'toolname', 'arguments', 'execution', 'kept', 'steps'];
  const hasCandidates = report.total.candidates > 0;
  if (hasCandidates) header.push('cand. pass');
  const hasConversation = report.total.conversation !== undefined;
  if (hasConversation) header.push('intent pass', 'msgs/ep', 'needed', 'redundant', 'unneeded', 'premature');
  const line = (row: StatsRow): string[] => {
    const name = row.level === 'total' ? 'total' : row.level === 'env' ? row.env! : row.level === 'split' ? `  ${row.split}` : `    ${row.template}`;
    const cells = [name, String(row.episodes), pct(row.taskPassRate), pct(row.ownPassRate), ...(hasGuided ? [pct(row.guidedPassRate)] : []), pct(row.actionPassRate), ...ERROR_CLASSES.map((c) => String(row.errors[c])), pct(row.keptRate), row.meanSteps.toFixed(2)];
    if (hasCandidates) cells.push(pct(row.candidatePassRate));
    if (hasConversation) {
      const c = row.conversation;
      cells.push(...(c ? [pct(c.intentPassRate), c.messagesPerEpisode.toFixed(2), String(c.neededQuestions), String(c.redundantQuestions), String(c.unneededQuestions), String(c.prematureAnswers)] : ['-', '-', '-', '-', '-', '-']));
    }
    return cells;
  };
  const body = [...report.rows.map(line), line(report.total)];
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const format = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const rows = report.rows.map((r) => format(line(r)));
  return [format(header), rule, ...rows, rule, format(line(report.total))].join('\n');
}
