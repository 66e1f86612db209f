import type { EpisodeView } from '../core/render.js';
import type { StepRecord, TrajectoryRecord } from '../rollout/record.js';
import { opening, stepMessages, writtenAssistant } from './conversation.js';
import { truthText } from '../tasks/conversation-instance.js';

function verdictText(step: StepRecord): string {
  return step.ok ? 'ok' : `${step.errorClass ?? step.user?.penalty ?? 'user turn'}: ${step.message}`;
}

/** A record's summary lines, as the text and the HTML render show them. */
export function recordSummary(record: TrajectoryRecord): [string, string][] {
  return [
    ['env', `${record.env.id} (split ${record.split}, episode ${record.episode}, attempt ${record.attempt}, seed ${record.seed})`],
    ['instance', `${record.instance.id} (template ${record.instance.template})`],
    ['policy', `${record.policy.name}, ${record.policy.samplesPerStep} sample(s) per step, format ${record.actionFormat}`],
    ['outcome', `${record.outcome.status}${record.outcome.answer !== null ? ` ${JSON.stringify(record.outcome.answer)}` : ''}: ${record.passed ? 'solved' : 'not solved'} (${record.outcome.detail})`],
    ['ground truth', truthText(record.instance)],
    ['tallies', `${record.tallies.steps} steps, ${record.tallies.passed} passed, errors ${Object.entries(record.tallies.errors).map(([k, v]) => `${k} ${v}`).join(' ')}, return ${record.tallies.return}`],
    ['hash', record.hash],
  ];
}

/** A step's verdict in one line, with its sampled candidates (`*` marks the one played). */
export function stepVerdictLine(step: StepRecord): string {
  const base = verdictText(step);
  if (!step.candidates) return base;
  const others = step.candidates.map((c, i) => `${i === step.chosen ? '*' : ''}${c.passed ? 'pass' : (c.errorClass ?? c.penalty ?? 'wrong answer')}${c.count > 1 ? ` x${c.count}` : ''}`);
  return `${base} [candidates: ${others.join(', ')}]`;
}

/** A trajectory record as the HTML page shows it: verdicts, rewards, candidates, answer against ground truth. */
export function episodeView(record: TrajectoryRecord): EpisodeView {
  return {
    title: `${record.env.id} ${record.instance.id}`,
    summary: recordSummary(record),
    opening: opening(record),
    steps: record.steps.map((step) => ({
      messages: stepMessages(step),
      verdict: { ok: step.ok, errorClass: step.errorClass ?? step.user?.penalty ?? null, message: step.message, reward: step.reward },
      ...(step.candidates
        ? {
            candidates: step.candidates.map((c, i) => ({ assistant: writtenAssistant(c), ok: c.ok, passed: c.passed, errorClass: c.errorClass ?? c.penalty ?? null, message: c.message, reward: c.reward, count: c.count, chosen: i === step.chosen })),
          }
        : {}),
    })),
    final: { answer: record.outcome.answer, groundTruth: truthText(record.instance), correct: record.passed, status: record.outcome.status },
  };
}
