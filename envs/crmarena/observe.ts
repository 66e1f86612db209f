import type { ObservationFormatter } from '../../src/actions/handler.js';
import { jsonText } from '../../src/core/shared-json.js';
import { recalledOutputText } from './tools/recalled-output.js';

/** Messages that already carry a code: `Error: ...` from the tools, `MALFORMED_QUERY: ...` from the query engine. */
const CODED = /^(Error: |[A-Z][A-Z_]+: )/;

/** Outputs read as CRMArena's do: strings as they are, anything else as JSON; failures as one plain line. */
export const observeCrm: ObservationFormatter = (result) => {
  if (result.ok) return typeof result.output === 'string' ? result.output : (recalledOutputText(result.output) ?? jsonText(result.output));
  return CODED.test(result.message) ? result.message : `Error: ${result.message}`;
};
