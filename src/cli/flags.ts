import { parseArgs } from 'node:util';
import { z } from 'zod';
import { CliError } from './io.js';

export type FlagSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

export interface ParsedFlags {
  readonly values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  readonly positionals: string[];
}

/** Parses flags strictly: an unknown flag or a missing value is a one-line CliError. */
export function parseFlags(argv: readonly string[], spec: FlagSpec, allowPositionals = false): ParsedFlags {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options: { ...spec, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals });
    return { values: values as ParsedFlags['values'], positionals };
  } catch (error) {
    throw new CliError(((error as Error).message.split('\n')[0] ?? 'bad arguments').replace(/^TypeError \[\w+\]: /, ''));
  }
}

export function requireString(flags: ParsedFlags, name: string): string {
  const value = flags.values[name];
  if (typeof value !== 'string' || value === '') throw new CliError(`--${name} is required`);
  return value;
}

export function optionalString(flags: ParsedFlags, name: string): string | undefined {
  const value = flags.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** An integer flag within bounds, or the default; anything else is a one-line error naming the flag. */
export function intFlag(flags: ParsedFlags, name: string, fallback: number | undefined, bounds: { min?: number; max?: number } = {}): number {
  const raw = flags.values[name];
  if (raw === undefined) {
    if (fallback === undefined) throw new CliError(`--${name} is required`);
    return fallback;
  }
  const schema = z.coerce.number().int().min(bounds.min ?? Number.MIN_SAFE_INTEGER).max(bounds.max ?? Number.MAX_SAFE_INTEGER);
  const parsed = schema.safeParse(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !parsed.success) {
    const range = bounds.min !== undefined || bounds.max !== undefined ? ` in [${bounds.min ?? '-inf'}, ${bounds.max ?? 'inf'}]` : '';
    throw new CliError(`--${name} must be an integer${range}, got ${JSON.stringify(raw)}`);
  }
  return parsed.data;
}

export function numberFlag(flags: ParsedFlags, name: string, fallback: number, bounds: { min?: number; max?: number } = {}): number {
  const raw = flags.values[name];
  if (raw === undefined) return fallback;
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  if (!Number.isFinite(n) || (bounds.min !== undefined && n < bounds.min) || (bounds.max !== undefined && n > bounds.max)) {
    throw new CliError(`--${name} must be a number in [${bounds.min ?? '-inf'}, ${bounds.max ?? 'inf'}], got ${JSON.stringify(raw)}`);
  }
  return n;
}

/** `key=value` pairs (repeatable flag) as an object; values parsed as JSON when they can be. */
export function keyValues(flags: ParsedFlags, name: string): Record<string, unknown> {
  const raw = flags.values[name];
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
  const out: Record<string, unknown> = {};
  for (const item of list) {
    const text = String(item);
    const eq = text.indexOf('=');
    if (eq <= 0) throw new CliError(`--${name} takes key=value, got ${JSON.stringify(text)}`);
    const value = text.slice(eq + 1);
    try {
      out[text.slice(0, eq)] = JSON.parse(value);
    } catch {
      out[text.slice(0, eq)] = value;
    }
  }
  return out;
}
