import type { ChatMessage } from './messages.js';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function messageBody(message: ChatMessage): string {
  if (message.role === 'assistant') {
    const parts: string[] = [];
    if (message.content) parts.push(message.content);
    for (const call of message.tool_calls ?? []) parts.push(`-> ${call.function.name}(${call.function.arguments})`);
    return parts.join('\n');
  }
  return message.content;
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

/** A transcript as one self-contained HTML page (no scripts, no external resources). */
export function renderHtml(messages: readonly ChatMessage[], options: { title: string; summary?: readonly [string, string][] }): string {
  const rows = messages
    .map((m) => `<div class="msg ${m.role}"><div class="who">${escapeHtml(label(m))}</div><pre>${escapeHtml(messageBody(m))}</pre></div>`)
    .join('\n');
  const summary = (options.summary ?? []).map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(options.title)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin-bottom:1.5em}th,td{text-align:left;padding:2px 10px;border-bottom:1px solid #eee}
.msg{border-left:4px solid #ccc;margin:.6em 0;padding:.3em .8em;background:#fafafa}
.msg.system{border-color:#999}.msg.user{border-color:#2a8bd8}.msg.assistant{border-color:#e0a800}.msg.tool{border-color:#2e9e4f}
.who{font-weight:600;font-size:12px;text-transform:uppercase;color:#555}pre{white-space:pre-wrap;word-break:break-word;margin:.2em 0}
</style></head><body>
<h1>${escapeHtml(options.title)}</h1>
<table>${summary}</table>
${rows}
</body></html>
`;
}
