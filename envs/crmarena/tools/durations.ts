import type { ToolError } from '../../../src/tools/tool.js';
import { parseInstant } from '../org/dates.js';
import { failure, isToolError } from './tool-kit.js';

/**
 * Milliseconds from CreatedDate to ClosedDate of a case record sent by the agent; null for a case
 * that is still open (no ClosedDate), a failure when a date cannot be read or runs backwards.
 */
export function closureMs(c: { CreatedDate: string; ClosedDate?: string | null | undefined }, index: number): number | null | ToolError {
  if (c.ClosedDate === null || c.ClosedDate === undefined) return null;
  if (!Object.isFrozen(c)) return readClosure(c, index);
  // A frozen record (a shared one, see toolInput) keeps its dates: read them once.
  const known = closures.get(c);
  if (known !== undefined) return known;
  const ms = readClosure(c, index);
  if (!isToolError(ms)) closures.set(c, ms);
  return ms;
}

const closures = new WeakMap<object, number | null>();

/** closureMs read from the record's text each time. */
export function readClosure(c: { CreatedDate: string; ClosedDate?: string | null | undefined }, index: number): number | null | ToolError {
  if (c.ClosedDate === null || c.ClosedDate === undefined) return null;
  const created = parseInstant(c.CreatedDate);
  if (created === null) return failure(`the case at index ${index} has an unreadable CreatedDate ${JSON.stringify(c.CreatedDate.slice(0, 40))}`);
  const closed = parseInstant(c.ClosedDate);
  if (closed === null) return failure(`the case at index ${index} has an unreadable ClosedDate ${JSON.stringify(c.ClosedDate.slice(0, 40))}`);
  if (closed < created) return failure(`the case at index ${index} was closed before it was created`);
  return closed - created;
}
