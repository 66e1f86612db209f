import type { ToolError } from '../../../src/tools/tool.js';
import { lowerBound } from '../org/dates.js';
import { failure, instantArg, isToolError } from './tool-kit.js';

/** A half-open window [start, end) read from a tool's start_date and end_date. */
export interface TimeWindow {
  readonly start: number;
  readonly end: number;
}

export function readWindow(startDate: string, endDate: string): TimeWindow | ToolError {
  const start = instantArg(startDate, 'start_date');
  if (isToolError(start)) return start;
  const end = instantArg(endDate, 'end_date');
  if (isToolError(end)) return end;
  if (end < start) return failure('end_date is before start_date');
  return { start, end };
}

/** The positions [from, to) of an ascending time array that fall in the window. */
export function positionsIn(times: Float64Array, window: TimeWindow): [number, number] {
  return [lowerBound(times, window.start), lowerBound(times, window.end)];
}
