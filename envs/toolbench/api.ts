import { z } from 'zod';
import { defineTool, toolError, type JsonValue, type Tool, type ToolContext, type ToolError } from '../../src/index.js';
import type { Domain } from './domains.js';
import { functionName, standardize } from './naming.js';
import type { ToolBenchState } from './state.js';
import type { ToolBenchWorld } from './world/world.js';

export type ToolBenchTool = Tool<any, ToolBenchWorld, ToolBenchState>;
export type ToolBenchContext = ToolContext<ToolBenchWorld, ToolBenchState>;

/** One API of a RapidAPI-style tool, as ToolBench lists it: the tool's name and the API's name. */
export interface ApiDefinition<I extends z.ZodType, O extends z.ZodType> {
  /** The API's own name, e.g. `Get Search Movie`. */
  readonly api: string;
  /** The tool (provider) it belongs to, e.g. `Movie Tools`. */
  readonly tool: string;
  readonly domain: Domain;
  readonly description: string;
  readonly input: I;
  readonly output: O;
  readonly capability?: string;
  readonly adapt?: (canonical: Record<string, JsonValue>) => Record<string, JsonValue>;
  readonly writes?: boolean;
  readonly handler: (args: z.output<I>, ctx: ToolBenchContext) => z.input<O> | ToolError;
}

/** A tool named the ToolBench way (`<api>_for_<tool>`), with its provider and domain recorded. */
export function defineApi<I extends z.ZodType, O extends z.ZodType>(def: ApiDefinition<I, O>): ToolBenchTool {
  return defineTool<z.output<I>, ToolBenchWorld, ToolBenchState>({
    name: functionName(def.api, def.tool),
    description: def.description,
    input: def.input as unknown as z.ZodType<z.output<I>>,
    output: def.output,
    handler: def.handler as (args: z.output<I>, ctx: ToolBenchContext) => JsonValue | ToolError,
    capability: def.capability,
    adapt: def.adapt,
    domain: def.domain,
    provider: standardize(def.tool),
    writes: def.writes,
  });
}

export function notFound(what: string, id: string): ToolError {
  return toolError(`404 Not Found: no ${what} matches ${JSON.stringify(id)}`, 'not_found');
}

export function badRequest(message: string): ToolError {
  return toolError(`400 Bad Request: ${message}`, 'bad_request');
}

export function conflict(message: string): ToolError {
  return toolError(`409 Conflict: ${message}`, 'conflict');
}

/** Copies the listed keys that are present (adapters pass optional arguments through only when given). */
export function renameArgs(args: Record<string, JsonValue>, rename: Record<string, string>): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [from, to] of Object.entries(rename)) if (args[from] !== undefined) out[to] = args[from]!;
  return out;
}
