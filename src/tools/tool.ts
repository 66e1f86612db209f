import type { z } from 'zod';
import { compiledInput } from './compiled-input.js';
import type { Rng } from '../core/rng.js';
import type { JsonValue } from '../core/json.js';

/** What a handler sees: the shared (read-only) world, this episode's mutable state, and its own stream. */
export interface ToolContext<W = unknown, S = unknown> {
  readonly world: W;
  readonly state: S;
  /** Seeded per (episode, step, call): a handler that needs randomness draws it here. */
  readonly rng: Rng;
}

const TOOL_ERROR: unique symbol = Symbol.for('lamsim.toolError');

/** A tool's own answer that something went wrong (no such id, out of stock, ...). Not an exception. */
export interface ToolError {
  readonly [TOOL_ERROR]: true;
  readonly message: string;
  /** A short machine status, e.g. `not_found`, `bad_request`, `rate_limit`. */
  readonly status: string;
}

export function toolError(message: string, status = 'bad_request'): ToolError {
  return { [TOOL_ERROR]: true, message, status };
}

export function isToolError(value: unknown): value is ToolError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[TOOL_ERROR] === true;
}

export type ToolHandler<I, W, S> = (args: I, ctx: ToolContext<W, S>) => JsonValue | ToolError;

/**
 * A tool, in the AI SDK / MCP convention: a name, a description, a zod input schema and a handler
 * over the sandbox. The optional fields say how the tool relates to others.
 */
export interface Tool<I = any, W = any, S = any> {
  readonly name: string;
  readonly description: string;
  readonly input: z.ZodType<I>;
  /** When given, tests check every successful output against it. */
  readonly output?: z.ZodType | undefined;
  readonly handler: ToolHandler<I, W, S>;
  /**
   * Tools sharing a capability are alternate providers of the same function (other argument names,
   * other response shapes). Templates name one provider; instances may offer another.
   */
  readonly capability?: string | undefined;
  /**
   * Maps the arguments of the capability's canonical provider (the one templates name) to this
   * tool's arguments. Required on every non-canonical provider of a capability.
   */
  readonly adapt?: ((canonicalArgs: Record<string, JsonValue>) => Record<string, JsonValue>) | undefined;
  /** Grouping for splits and listings, e.g. `Movies`. */
  readonly domain?: string | undefined;
  /** Who provides it, e.g. `imdb`; held-out providers make the unseen-tool split. */
  readonly provider?: string | undefined;
  /** Changes the episode state. */
  readonly writes?: boolean | undefined;
  /** Ends the episode (Finish, respond). */
  readonly terminal?: boolean | undefined;
}

/**
 * Checks a tool's name and description, and gives it zod's compiled form of its input schema
 * (see compiledInput: same values and errors, the declared schema kept as the schema of record).
 */
export function defineTool<I, W = any, S = any>(tool: Tool<I, W, S>): Tool<I, W, S> {
  if (!/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/.test(tool.name)) {
    throw new Error(`defineTool: invalid tool name ${JSON.stringify(tool.name)} (letters, digits, _ . -, at most 64)`);
  }
  if (tool.description.trim() === '') throw new Error(`defineTool: tool ${tool.name} needs a description`);
  const input = compiledInput(tool.input);
  return input === tool.input ? tool : { ...tool, input };
}
