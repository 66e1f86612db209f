import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseActionJson } from '../../src/actions/safe-json.js';
import { actionText, structureFailure, textCallId, type ParseResult } from '../../src/actions/parse-result.js';
import { reactParser } from '../../src/actions/parse-react.js';

/** Index of `label` at the start of a line, or -1: the plain search. */
function lineLabel(text: string, label: string, from = 0): number {
  for (let at = text.indexOf(label, from); at !== -1; at = text.indexOf(label, at + 1)) {
    if (at === 0 || text.charCodeAt(at - 1) === 10) return at;
  }
  return -1;
}

/** The first of the labels at a line start at or after `from` (a line start), or the text's length: one plain search per label. */
function firstLineLabel(text: string, labels: readonly string[], from: number): number {
  let end = text.length;
  for (const label of labels) {
    const at = lineLabel(text, label, from);
    if (at !== -1 && at < end) end = at;
  }
  return end;
}

/** The ReAct parse as defined: cut at the first `Observation:` line, then one plain search per label. */
function plainReactParse(action: unknown, step: number): ParseResult {
  const FORMAT = 'react';
  const raw = actionText(action);
  if (raw === null) return structureFailure(FORMAT, 'expected text in the ReAct format');
  const observationAt = lineLabel(raw, 'Observation:');
  const text = observationAt === -1 ? raw : raw.slice(0, observationAt);
  const actionAt = lineLabel(text, 'Action:');
  if (actionAt === -1) return structureFailure(FORMAT, observationAt === -1 ? 'no "Action:" line' : 'no "Action:" line before "Observation:" (observations come from the tools; stop after your Action Input)');
  const nameEnd = text.indexOf('\n', actionAt);
  const name = text.slice(actionAt + 7, nameEnd === -1 ? text.length : nameEnd).trim();
  if (name === '') return structureFailure(FORMAT, '"Action:" names no function');
  const blockEnd = nameEnd === -1 ? text.length : firstLineLabel(text, ['Thought:', 'Action:', 'Final Answer:'], nameEnd + 1);
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
}

const PIECES = [
  '\n', '\n\n', '\r\n', ' ', 'x', 'get_cases', 'Thought:', 'Thought', 'Action:', 'Action', 'Action Input:', 'Action Input', 'Observation:', 'Observation',
  'Final Answer:', 'Final Answer', '{"a":1}', '{"a":"Action:\\nObservation:"}', '{"b":[1,2', ']}', '"', '{', '}', 'é', '\ud800', ' Action: y', 'Thought: why',
];
const reactText = fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }).map((parts) => parts.join(''));
/** A well-formed block with noise around it, so that the success path is taken often. */
const blockText = fc
  .tuple(reactText, fc.constantFrom('', 'Thought: t\n', 'Thought:\n'), fc.constantFrom('f', ' get_cases ', ''), fc.constantFrom('', '\nAction Input: ', '\nAction Input: {"q": "Action:"}\n', '\nAction Input:{"k":[1,{"z":null}]}'), reactText)
  .map(([before, thought, name, input, after]) => `${before}${thought}Action: ${name}${input}${after}`);

describe('the ReAct parser', () => {
  it('reads labels in one walk exactly as one plain search per label does', () => {
    fc.assert(
      fc.property(fc.oneof(reactText, blockText, fc.string({ unit: 'binary', maxLength: 60 })), fc.nat({ max: 30 }), (text, step) => {
        expect(reactParser.parse(text, step)).toEqual(plainReactParse(text, step));
        expect(reactParser.parse({ role: 'assistant', content: text }, step)).toEqual(plainReactParse({ role: 'assistant', content: text }, step));
      }),
      { numRuns: 20000 },
    );
  });

  it('is the plain parse on non-text actions', () => {
    for (const action of [null, 3, ['Action: x'], { content: 5 }, {}]) expect(reactParser.parse(action, 1)).toEqual(plainReactParse(action, 1));
  });
});
