import { truthText } from '../tasks/conversation-instance.js';
import type { RenderMode } from './env.js';
import type { Episode } from './episode-state.js';
import { stableJson } from './json.js';
import { renderAnsi, renderHtml } from './render.js';

/** The episode as stable JSON, an HTML page with verdicts, or ANSI text. */
export function renderEpisode(envId: string, ep: Episode, mode: RenderMode): string {
  if (mode === 'json') {
    return stableJson({
      env: envId,
      instance: { id: ep.instance.id, template: ep.instance.template, split: ep.instance.split, seed: ep.seed },
      step: ep.step,
      messages: ep.messages,
      tallies: ep.tallies,
      terminated: ep.terminated,
      truncated: ep.truncated,
      answer: ep.answer,
    });
  }
  const status = ep.terminated ? (ep.answer?.correct ? 'solved' : 'answered wrongly') : ep.truncated ? 'truncated' : 'in progress';
  if (mode === 'html') {
    return renderHtml(ep.messages, {
      title: `${envId} ${ep.instance.id}`,
      verdictOf: (n) => ep.verdicts.get(n) ?? null,
      ...(ep.terminated || ep.truncated ? { final: { answer: ep.answer?.answer ?? null, groundTruth: truthText(ep.instance), correct: ep.answer?.correct === true, status } } : {}),
      summary: [
        ['status', status],
        ['step', String(ep.step)],
        ['return', String(ep.tallies.return)],
        ['ground truth', truthText(ep.instance)],
      ],
    });
  }
  return renderAnsi(ep.messages, { header: `${envId} ${ep.instance.id} step ${ep.step} (${status}) return ${ep.tallies.return}` });
}
