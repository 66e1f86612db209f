import { openaiParser } from './parse-openai.js';
import { reactParser } from './parse-react.js';
import { xlamParser } from './parse-xlam.js';
import { actionText, structureFailure, type ActionParser, type ParseResult } from './parse-result.js';

export const BUILTIN_PARSERS: Readonly<Record<string, ActionParser>> = {
  openai: openaiParser,
  xlam: xlamParser,
  react: reactParser,
};

/**
 * Reads an action with the first parser that fits. A message object with tool calls goes to a
 * parser that reads messages; text (or a message's text content) goes to the first text parser
 * whose `detect` accepts it. When none fits, the failure speaks in the first parser's terms.
 */
export function parseAction(action: unknown, parsers: readonly ActionParser[], step: number): ParseResult {
  const first = parsers[0];
  if (first === undefined) return structureFailure('none', 'this environment accepts no action format');
  if (parsers.length === 1) return first.parse(action, step);
  const hasToolCalls =
    typeof action === 'object' && action !== null && !Array.isArray(action) && Array.isArray((action as Record<string, unknown>)['tool_calls']) &&
    ((action as Record<string, unknown>)['tool_calls'] as unknown[]).length > 0;
  if (hasToolCalls) {
    const reader = parsers.find((p) => p.readsMessages === true);
    if (reader) return reader.parse(action, step);
  }
  const text = actionText(action);
  if (text !== null) {
    for (const parser of parsers) {
      if (parser.readsMessages !== true && parser.detect(text)) return parser.parse(action, step);
    }
  }
  const failure = first.parse(action, step);
  if (failure.ok) return failure;
  const formats = parsers.map((p) => p.format).join(', ');
  return structureFailure(failure.format, `${failure.message} (accepted formats: ${formats}; e.g. ${first.hint})`, [...failure.callIds]);
}

/** Resolves format names against the built-ins and an environment's own parsers. */
export function resolveParsers(names: readonly string[], custom: Readonly<Record<string, ActionParser>> = {}): ActionParser[] {
  return names.map((name) => {
    const parser = custom[name] ?? BUILTIN_PARSERS[name];
    if (!parser) throw new Error(`unknown action format ${JSON.stringify(name)} (known: ${[...Object.keys(BUILTIN_PARSERS), ...Object.keys(custom)].join(', ')})`);
    return parser;
  });
}
