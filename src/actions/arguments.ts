import type { core } from 'zod';
import type { RegisteredTool } from '../tools/registry.js';
import { isPlainObject } from './safe-json.js';
import { quoteName } from './errors.js';

export type ArgumentCheck = { ok: true; value: unknown } | { ok: false; message: string };

/** Checks names first (missing, unknown) then types, naming each offending field. */
export function checkArguments(entry: RegisteredTool, args: unknown): ArgumentCheck {
  if (entry.argumentNames !== null) {
    if (!isPlainObject(args)) return { ok: false, message: `arguments must be a JSON object, got ${kindOf(args)}` };
    const names = entry.argumentNames;
    const keys = Object.keys(args);
    let problems: string[] | null = null;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (!names.has(key)) (problems ??= []).push(`unknown argument ${quoteName(key)}`);
    }
    if (problems !== null) {
      const expected = [...entry.argumentNames].join(', ') || '(none)';
      return { ok: false, message: `${problems.slice(0, 5).join('; ')} (expected arguments: ${expected})` };
    }
  }
  const result = entry.tool.input.safeParse(args);
  if (result.success) return { ok: true, value: result.data };
  const messages = result.error.issues.slice(0, 5).map((issue) => describeIssue(issue, args));
  return { ok: false, message: messages.join('; ') };
}

function describeIssue(issue: core.$ZodIssue, args: unknown): string {
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[');
  const field = path === '' ? 'arguments' : `argument ${quoteName(path)}`;
  const actual = valueAt(args, issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if (actual === undefined) return path === '' ? 'arguments are missing' : `missing required argument ${quoteName(path)} (${issue.expected})`;
      return `${field} must be ${issue.expected}, got ${kindOf(actual)}`;
    case 'invalid_value':
      return `${field} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown argument(s) ${issue.keys.map(quoteName).join(', ')}`;
    default:
      return `${field}: ${issue.message}`;
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && Number.isInteger(value)) return 'integer';
  return typeof value;
}
