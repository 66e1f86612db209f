import type { CallResult, JsonValue } from '../../src/index.js';
import { jsonText } from '../../src/core/shared-json.js';

/** ToolBench cuts long API responses; ours are cut at this many characters of response JSON. */
export const MAX_RESPONSE_CHARS = 6000;

export const TRUNCATION_MARK = '... (response truncated)';

/**
 * Every observation is ToolBench's JSON envelope `{"error": "...", "response": ...}`: the error is
 * empty on success; a response too long to show is cut and given as a string ending in a mark.
 */
export function toolbenchObservation(result: CallResult): string {
  if (!result.ok) return JSON.stringify({ error: result.message, response: '' });
  const output = result.output;
  // A text output is most often the terminal tool's fixed reply, a third of all steps: its envelope is kept.
  if (typeof output === 'string') {
    if (output !== lastText) {
      lastText = output;
      lastObservation = envelope(JSON.stringify(output));
    }
    return lastObservation;
  }
  return envelope(jsonText(output) ?? 'null');
}

let lastText = '';
let lastObservation = envelope('""');

function envelope(text: string): string {
  // The output is serialised once: short ones are spliced into the envelope as they are.
  if (text.length <= MAX_RESPONSE_CHARS) return `{"error":"","response":${text}}`;
  const cut: JsonValue = `${text.slice(0, MAX_RESPONSE_CHARS)}${TRUNCATION_MARK}`;
  return JSON.stringify({ error: '', response: cut });
}
