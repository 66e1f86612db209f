import { z } from 'zod';
import { defineTool, isToolError, toolError, type Tool, type ToolError } from '../../../src/tools/tool.js';
import { parseInstant } from '../org/dates.js';
import { to18 } from '../org/ids.js';
import type { Org } from '../org/org.js';

/** Episode state of CRMArena-v0: the org is read-only, so an episode has nothing of its own. */
export type CrmState = Record<string, never>;

export type CrmTool<I> = Tool<I, Org, CrmState>;

/** A CRMArena tool: its own words and a handler over the shared org. */
export function crmTool<I>(tool: CrmTool<I>): CrmTool<I> {
  return defineTool<I, Org, CrmState>(tool);
}

/** A tool's answer that something is wrong, worded as CRMArena's tools word it (`Error: ...`). */
export function failure(message: string, status = 'bad_request'): ToolError {
  return toolError(`Error: ${message}`, status);
}

export const DATE_TIME_HINT = 'YYYY-MM-DDTHH:MM:SSZ';

/** Reads a date argument; a failure names the argument. */
export function instantArg(value: string, name: string): number | ToolError {
  const ms = parseInstant(value);
  return ms === null ? failure(`${name} must be a date-time like 2024-01-31T00:00:00Z (${DATE_TIME_HINT}), got ${JSON.stringify(value.slice(0, 40))}`) : ms;
}

/** Ids as agents send them: 15 or 18 characters, either is fine. */
export function idSet(ids: readonly string[]): Set<string> {
  return new Set(ids.map(to18));
}

export const idList = (what: string) => z.array(z.string()).nullish().describe(`${what} (an empty list or null is the same as leaving the filter out)`);

/** A case record as far as a tool needs it; other fields may come along. */
export const caseWith = <S extends z.ZodRawShape>(shape: S) => z.object(shape).loose();

export const dateTimeString = (what: string) => z.string().describe(`${what}, ${DATE_TIME_HINT}`);

export { isToolError };
