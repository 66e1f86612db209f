import type { ChatMessage } from './messages.js';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Text that is (or ends in) JSON, pretty-printed; anything else as it is. */
export function prettyText(text: string): string {
  const match = /^([^{[]{0,80}?)([{[][\s\S]*)$/.exec(text.trim());
  if (!match) return text;
  try {
    return `${match[1]}${JSON.stringify(JSON.parse(match[2]!), null, 2)}`;
  } catch {
    return text;
  }
}

function messageBody(message: ChatMessage, pretty = false): string {
  const show = pretty ? prettyText : (t: string) => t;
  if (message.role === 'assistant') {
    const parts: string[] = [];
    if (message.content) parts.push(show(message.content));
    for (const call of message.tool_calls ?? []) parts.push(`-> ${call.function.name}(${show(call.function.arguments)})`);
    return parts.join('\n');
  }
  return show(message.content);
}

function label(message: ChatMessage): string {
  return message.role === 'tool' ? `tool ${message.name}` : message.role;
}

const ANSI: Record<ChatMessage['role'], string> = { system: '\x1b[2m', user: '\x1b[36m', assistant: '\x1b[33m', tool: '\x1b[32m' };

/** A transcript as terminal text; colours only when asked. */
export function renderAnsi(messages: readonly ChatMessage[], options: { color?: boolean; header?: string } = {}): string {
  const lines: string[] = [];
  if (options.header) lines.push(options.header);
  for (const message of messages) {
    const tag = `[${label(message)}]`;
    const body = messageBody(message);
    lines.push(options.color ? `${ANSI[message.role]}${tag}\x1b[0m ${body}` : `${tag} ${body}`);
  }
  return lines.join('\n');
}

/** How an action was judged: passed every check, or the first check it failed and why. */
export interface Verdict {
  readonly ok: boolean;
  readonly errorClass: string | null;
  readonly message: string | null;
  readonly reward: number | null;
}

/** A candidate action sampled at a step: played (chosen), or not; a failing one is a DPO negative. */
export interface CandidateView extends Verdict {
  readonly assistant: ChatMessage;
  readonly passed: boolean;
  readonly chosen: boolean;
  readonly count: number;
}

export interface StepView {
  /** The assistant turn and what the environment added after it. */
  readonly messages: readonly ChatMessage[];
  /** Unknown (null) when the renderer was only given a transcript. */
  readonly verdict: Verdict | null;
  readonly candidates?: readonly CandidateView[];
}

/** An episode as the HTML page shows it. */
export interface EpisodeView {
  readonly title: string;
  readonly summary: readonly (readonly [string, string])[];
  /** The messages before the first assistant turn (system prompt, query). */
  readonly opening: readonly ChatMessage[];
  readonly steps: readonly StepView[];
  readonly final?: { readonly answer: string | null; readonly groundTruth: string; readonly correct: boolean; readonly status: string };
}

/** Splits a transcript into its opening and one step per assistant turn. */
export function stepsOfTranscript(messages: readonly ChatMessage[], verdictOf: (step: number) => Verdict | null = () => null): { opening: ChatMessage[]; steps: StepView[] } {
  const first = messages.findIndex((m) => m.role === 'assistant');
  const opening = messages.slice(0, first === -1 ? messages.length : first);
  const steps: StepView[] = [];
  if (first === -1) return { opening, steps };
  let current: ChatMessage[] = [];
  for (const message of messages.slice(first)) {
    if (message.role === 'assistant' && current.length > 0) {
      steps.push({ messages: current, verdict: verdictOf(steps.length + 1) });
      current = [];
    }
    current.push(message);
  }
  steps.push({ messages: current, verdict: verdictOf(steps.length + 1) });
  return { opening, steps };
}

const LONG_CHARS = 700;
const LONG_LINES = 16;

function messageHtml(message: ChatMessage): string {
  const body = messageBody(message, true);
  const lines = body.split('\n').length;
  const collapse = message.role === 'system' || body.length > LONG_CHARS || lines > LONG_LINES;
  const pre = `<pre>${escapeHtml(body)}</pre>`;
  const who = escapeHtml(label(message));
  if (!collapse) return `<div class="msg ${message.role}"><div class="who">${who}</div>${pre}</div>`;
  const preview = escapeHtml(body.split('\n')[0]!.slice(0, 90));
  return `<div class="msg ${message.role}"><details><summary><span class="who">${who}</span> <span class="preview">${preview}…</span> <span class="size">(${body.length} chars, ${lines} lines)</span></summary>${pre}</details></div>`;
}

function badge(verdict: Verdict): string {
  const text = verdict.ok ? 'ok' : (verdict.errorClass ?? 'failed');
  return `<span class="badge ${verdict.ok ? 'ok' : 'fail'}">${escapeHtml(text)}</span>${verdict.message ? ` <span class="error">${escapeHtml(verdict.message)}</span>` : ''}`;
}

function candidateHtml(candidate: CandidateView, index: number): string {
  const role = candidate.chosen ? 'chosen' : candidate.passed ? 'passed' : 'rejected';
  const status = candidate.passed ? 'pass' : candidate.ok ? 'wrong answer' : (candidate.errorClass ?? 'failed');
  return `<li class="candidate ${role}"><span class="badge ${candidate.passed ? 'ok' : 'fail'}">${escapeHtml(status)}</span> <b>${role}</b> #${index + 1}${candidate.count > 1 ? ` ×${candidate.count}` : ''}${candidate.reward !== null ? ` <span class="reward">reward ${candidate.reward}</span>` : ''}${candidate.message ? ` <span class="error">${escapeHtml(candidate.message)}</span>` : ''}<pre>${escapeHtml(messageBody(candidate.assistant, true))}</pre></li>`;
}

function stepHtml(step: StepView, index: number, running: number | null): string {
  const v = step.verdict;
  const state = v === null ? 'unknown' : v.ok ? 'pass' : 'fail';
  const reward = v?.reward !== null && v?.reward !== undefined ? `<span class="reward">reward ${v.reward}</span> <span class="return">return ${running}</span>` : '';
  const candidates = step.candidates && step.candidates.length > 0 ? `<div class="cands"><div class="who">sampled candidates (${step.candidates.length}; failing ones are the DPO negatives)</div><ul>${step.candidates.map(candidateHtml).join('')}</ul></div>` : '';
  return `<section class="step ${state}" data-step="${index + 1}"><h2><span class="num">Step ${index + 1}</span> ${v ? badge(v) : ''} ${reward}</h2>${step.messages.map(messageHtml).join('\n')}${candidates}</section>`;
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin-bottom:1.5em}th,td{text-align:left;padding:2px 10px;border-bottom:1px solid #eee;vertical-align:top}td{white-space:pre-wrap}
.msg{border-left:4px solid #ccc;margin:.5em 0;padding:.3em .8em;background:#fafafa}
.msg.system{border-color:#999}.msg.user{border-color:#2a8bd8}.msg.assistant{border-color:#e0a800}.msg.tool{border-color:#2e9e4f}
.who{font-weight:600;font-size:12px;text-transform:uppercase;color:#555}pre{white-space:pre-wrap;word-break:break-word;margin:.2em 0;font-size:13px}
summary{cursor:pointer}.preview{color:#666;font-family:monospace;font-size:12px}.size{color:#999;font-size:12px}
.step{border:1px solid #ddd;border-radius:6px;margin:1em 0;padding:.4em .9em}.step.pass{border-left:6px solid #2e9e4f}.step.fail{border-left:6px solid #d33;background:#fff8f8}
.step h2{font-size:15px;margin:.2em 0}.num{margin-right:.5em}
.badge{display:inline-block;border-radius:10px;padding:0 9px;font-size:12px;font-weight:600;color:#fff}.badge.ok{background:#2e9e4f}.badge.fail{background:#d33}
.error{color:#b00;font-weight:normal;font-size:13px}.reward,.return{font-weight:normal;font-size:12px;color:#555;margin-left:.6em;background:#eef;border-radius:4px;padding:0 5px}
.cands ul{list-style:none;padding-left:0}.candidate{border:1px dashed #ccc;border-radius:4px;margin:.3em 0;padding:.2em .6em}.candidate.chosen{border:2px solid #2e9e4f}.candidate.rejected{border-color:#d33;background:#fff5f5}
.final{border-radius:6px;padding:.6em 1em;margin:1em 0;font-size:15px}.final.pass{background:#e6f6ea;border:2px solid #2e9e4f}.final.fail{background:#fdeaea;border:2px solid #d33}`;

/** An episode as one self-contained HTML page (no scripts, no external resources; all text escaped). */
export function renderEpisodeHtml(view: EpisodeView): string {
  const summary = view.summary.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('');
  let running = 0;
  const steps = view.steps
    .map((step, i) => {
      running += step.verdict?.reward ?? 0;
      return stepHtml(step, i, Math.round(running * 1e6) / 1e6);
    })
    .join('\n');
  const f = view.final;
  const final = f
    ? `<div class="final ${f.correct ? 'pass' : 'fail'}"><b>${f.correct ? 'PASS' : 'FAIL'}</b> (${escapeHtml(f.status)}) — answer: <code>${escapeHtml(f.answer ?? '(none)')}</code> · ground truth: <code>${escapeHtml(f.groundTruth)}</code></div>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(view.title)}</title>
<style>
${STYLE}
</style></head><body>
<h1>${escapeHtml(view.title)}</h1>
${final}
<table>${summary}</table>
${view.opening.map(messageHtml).join('\n')}
${steps}
</body></html>
`;
}

/** A transcript as one self-contained HTML page: its steps numbered, long messages collapsible. */
export function renderHtml(messages: readonly ChatMessage[], options: { title: string; summary?: readonly (readonly [string, string])[]; verdictOf?: (step: number) => Verdict | null; final?: EpisodeView['final'] }): string {
  const { opening, steps } = stepsOfTranscript(messages, options.verdictOf);
  return renderEpisodeHtml({ title: options.title, summary: options.summary ?? [], opening, steps, ...(options.final ? { final: options.final } : {}) });
}
