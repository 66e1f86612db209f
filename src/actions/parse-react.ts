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

const THOUGHT = 'Thought:';
const ACTION = 'Action:';
const ACTION_INPUT = 'Action Input:';
const OBSERVATION = 'Observation:';
const FINAL_ANSWER = 'Final Answer:';

/** Where the labels of a ReAct text are, as line starts (see readLabels). */
interface Labels {
  /** The first `Action:` line, or -1 when an `Observation:` line (or the end) comes first. */
  actionAt: number;
  /** Whether an `Observation:` line comes before any `Action:` line. */
  observationFirst: boolean;
  /** The first `Thought:` line before actionAt, or -1. */
  thoughtAt: number;
  /** The end of the `Action:` line (its newline), or -1 when it is the last line. */
  nameEnd: number;
  /** Where the first action block ends: the next `Thought:` / `Action:` / `Final Answer:` / `Observation:` line after its name, or the text's length. */
  blockEnd: number;
  /** The first `Action Input:` line inside the block, or -1. */
  inputAt: number;
}

/**
 * Finds the labels in one walk over the line starts (one newline scan, stopping at the block's
 * end) instead of a search of the whole text per label: an action input is often one long line,
 * and ids in it hold the first letters of the labels. A label counts only at a line start, and no
 * label holds a newline, so cutting the text at an `Observation:` line (what a stop sequence
 * gives) changes nothing before that line: the walk stops there instead.
 */
function readLabels(text: string): Labels {
  let thoughtAt = -1;
  let start = 0;
  for (;;) {
    if (text.startsWith(ACTION, start)) break;
    if (text.startsWith(OBSERVATION, start)) return { actionAt: -1, observationFirst: true, thoughtAt, nameEnd: -1, blockEnd: start, inputAt: -1 };
    if (thoughtAt === -1 && text.startsWith(THOUGHT, start)) thoughtAt = start;
    const newline = text.indexOf('\n', start);
    if (newline === -1) return { actionAt: -1, observationFirst: false, thoughtAt, nameEnd: -1, blockEnd: text.length, inputAt: -1 };
    start = newline + 1;
  }
  const actionAt = start;
  const nameEnd = text.indexOf('\n', actionAt);
  if (nameEnd === -1) return { actionAt, observationFirst: false, thoughtAt, nameEnd, blockEnd: text.length, inputAt: -1 };
  let inputAt = -1;
  start = nameEnd + 1;
  for (;;) {
    if (text.startsWith(THOUGHT, start) || text.startsWith(ACTION, start) || text.startsWith(FINAL_ANSWER, start) || text.startsWith(OBSERVATION, start)) break;
    if (inputAt === -1 && text.startsWith(ACTION_INPUT, start)) inputAt = start;
    const newline = text.indexOf('\n', start);
    if (newline === -1) return { actionAt, observationFirst: false, thoughtAt, nameEnd, blockEnd: text.length, inputAt };
    start = newline + 1;
  }
  return { actionAt, observationFirst: false, thoughtAt, nameEnd, blockEnd: start, inputAt };
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
    const text = actionText(action);
    if (text === null) return structureFailure(FORMAT, 'expected text in the ReAct format');
    // What a stop sequence on "Observation:" gives: nothing the model wrote from there on is read.
    const { actionAt, observationFirst, thoughtAt, nameEnd, blockEnd, inputAt } = readLabels(text);
    if (actionAt === -1) return structureFailure(FORMAT, observationFirst ? 'no "Action:" line before "Observation:" (observations come from the tools; stop after your Action Input)' : 'no "Action:" line');
    const name = text.slice(actionAt + 7, nameEnd === -1 ? text.length : nameEnd).trim();
    if (name === '') return structureFailure(FORMAT, '"Action:" names no function');
    let args: unknown = {};
    if (inputAt !== -1) {
      const body = text.slice(inputAt + 13, blockEnd).trim();
      if (body !== '') {
        const parsed = parseActionJson(body);
        if (!parsed.ok) return structureFailure(FORMAT, `"Action Input" is not valid JSON: ${parsed.message}`);
        args = parsed.value;
      }
    }
    const thought = thoughtAt !== -1 ? text.slice(thoughtAt + 8, actionAt).trim() : null;
    return { ok: true, format: FORMAT, calls: [{ id: textCallId(step, 0), name, args }], thought, text: text.slice(0, blockEnd).trimEnd() };
  },
};
