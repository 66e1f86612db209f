import { parseActionJson } from './safe-json.js';
import { actionText, structureFailure, textCallId, type ActionParser, type EncodedCall, type ParseResult } from './parse-result.js';

const FORMAT = 'react';

/** Index of `label` at the start of a line, or -1. Linear: one indexOf scan per candidate. */
function lineLabel(text: string, label: string, from = 0): number {
  let at = text.indexOf(label, from);
  while (at !== -1) {
    if (at === 0 || text.charCodeAt(at - 1) === 10) return at;
    at = text.indexOf(label, at + 1);
  }
  return -1;
}

/**
 * The first of the labels at a line start at or after `from`, or the text's length. Walks the line
 * starts (one newline scan) instead of searching the rest of the text once per label: an action
 * input is often one long line.
 */
export function firstLineLabel(text: string, labels: readonly string[], from: number): number {
  let start = from === 0 || text.charCodeAt(from - 1) === 10 ? from : text.indexOf('\n', from) + 1;
  while (start > 0 || (start === 0 && from === 0)) {
    for (const label of labels) if (text.startsWith(label, start)) return start;
    const newline = text.indexOf('\n', start);
    if (newline === -1) break;
    start = newline + 1;
  }
  return text.length;
}

/**
 * Where the first action block ends (in text already cut at the first `Observation:` line): at
 * the next `Thought:` / `Action:` line after its input. Whatever follows was never executed, so it
 * is neither read nor kept.
 */
function firstBlockEnd(text: string, nameEnd: number): number {
  return nameEnd === -1 ? text.length : firstLineLabel(text, ['Thought:', 'Action:', 'Final Answer:'], nameEnd + 1);
}

/** ToolBench's ReAct text: `Thought: ...` / `Action: <name>` / `Action Input: <JSON>`. */
export const reactParser: ActionParser = {
  format: FORMAT,
  hint: 'Thought: <your reasoning>\nAction: <function name>\nAction Input: <JSON object>',
  encode(calls: readonly EncodedCall[], _step: number, thought?: string) {
    const call = calls[0];
    if (!call || calls.length > 1) return undefined;
    return `Thought: ${thought ?? ''}\nAction: ${call.name}\nAction Input: ${JSON.stringify(call.arguments)}`;
  },
  detect(text: string): boolean {
    return lineLabel(text, 'Action:') !== -1;
  },
  parse(action: unknown, step: number): ParseResult {
    const raw = actionText(action);
    if (raw === null) return structureFailure(FORMAT, 'expected text in the ReAct format');
    // What a stop sequence on "Observation:" gives: nothing the model wrote from there on is read.
    const observationAt = lineLabel(raw, 'Observation:');
    const text = observationAt === -1 ? raw : raw.slice(0, observationAt);
    const actionAt = lineLabel(text, 'Action:');
    if (actionAt === -1) return structureFailure(FORMAT, observationAt === -1 ? 'no "Action:" line' : 'no "Action:" line before "Observation:" (observations come from the tools; stop after your Action Input)');
    const nameEnd = text.indexOf('\n', actionAt);
    const name = text.slice(actionAt + 7, nameEnd === -1 ? text.length : nameEnd).trim();
    if (name === '') return structureFailure(FORMAT, '"Action:" names no function');
    const blockEnd = firstBlockEnd(text, nameEnd);
    const inputAt = nameEnd === -1 || nameEnd >= blockEnd ? -1 : lineLabel(text.slice(0, blockEnd), 'Action Input:', nameEnd + 1);
    let args: unknown = {};
    if (inputAt !== -1) {
      const body = text.slice(inputAt + 13, blockEnd).trim();
      if (body !== '') {
        const parsed = parseActionJson(body);
        if (!parsed.ok) return structureFailure(FORMAT, `"Action Input" is not valid JSON: ${parsed.message}`);
        args = parsed.value;
      }
    }
    const thoughtAt = lineLabel(text, 'Thought:');
    const thought = thoughtAt !== -1 && thoughtAt < actionAt ? text.slice(thoughtAt + 8, actionAt).trim() : null;
    return { ok: true, format: FORMAT, calls: [{ id: textCallId(step, 0), name, args }], thought, text: text.slice(0, blockEnd).trimEnd() };
  },
};
