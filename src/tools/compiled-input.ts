import { z } from 'zod';
import { isRecalled } from '../core/recalled-json.js';
import { noteOrigin, originOf, type ListOrigin } from '../core/list-origin.js';

type Parser = (input: unknown) => unknown;

const declared = new WeakMap<z.ZodType, z.ZodType>();

/**
 * A tool's input schema as the tool validates with it: zod's compiled form (`z.compile`: zod's own
 * generated parser, the same output, handing anything it rejects to the schema's runtime parse so
 * errors are worded as before). The declared schema stays the schema of record (JSON Schema,
 * error text); `declaredInput` gives it back.
 *
 * For an object whose one argument is a list of records, a list recalled from an earlier output
 * (core/recalled-json: frozen, its records shared and immutable) is validated record by record
 * through a cache of zod's output for each record: the output is a function of the record alone,
 * and an agent passing a list back meets the same records episode after episode.
 */
export function compiledInput<S extends z.ZodType>(schema: S): S {
  if (declared.has(schema)) return schema;
  const compiled = withRecalledLists(schema, z.compile(schema));
  if (compiled !== schema) declared.set(compiled, schema);
  return compiled;
}

/** The schema a tool's input was compiled from (the schema of record), or the input itself. */
export function declaredInput(input: z.ZodType): z.ZodType {
  return declared.get(input) ?? input;
}

function withRecalledLists<S extends z.ZodType>(schema: S, compiled: S): S {
  const list = recordListArgument(schema);
  if (list === null) return withRecalledStringLists(schema, compiled);
  const whole = compiledParser(compiled);
  const record = compiledParser(z.compile(list.record));
  const outputs = new WeakMap<object, unknown>();
  const byRows = new RowOutputs(record);
  const key = list.key;
  const parser: Parser = (input) => {
    const items = typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>)[key] : undefined;
    if (!isRecalled(items)) return whole(input);
    const records = items as readonly object[];
    const origin = originOf(records);
    if (origin !== undefined) {
      const out = byRows.parse(records, origin);
      if (out === z.INVALID) return out;
      if (out !== null) return { [key]: out };
    }
    const out = new Array<unknown>(records.length);
    for (let i = 0; i < records.length; i++) {
      const item = records[i]!;
      let parsed = outputs.get(item);
      if (parsed === undefined) {
        parsed = record(item);
        if (parsed === z.INVALID) return z.INVALID;
        outputs.set(item, Object.freeze(parsed));
      }
      out[i] = parsed;
    }
    return { [key]: out };
  };
  return z.withParser(schema, parser as (input: unknown) => z.output<S>) as S;
}

/** zod's (frozen) output for each record of a space of records, by row, and whether it holds what the record holds. */
interface SpaceOutputs {
  readonly parsed: unknown[];
  /** 1: the output has the record's own properties and values (key order aside); 2: it does not. */
  readonly copy: Uint8Array;
}

/**
 * A recalled list of records whose origin is known (see core/list-origin) is validated through
 * its rows: zod's output for each row of the space, made once, read by position instead of a
 * WeakMap look-up per record. The validated list carries the origin on when every output holds
 * what its record holds, so a tool can read the rows too.
 */
class RowOutputs {
  readonly #bySpace = new WeakMap<object, SpaceOutputs>();
  constructor(readonly record: Parser) {}

  /** The validated list, INVALID, or null when the list is not what its origin says (then validated record by record). */
  parse(records: readonly object[], origin: ListOrigin): unknown[] | typeof z.INVALID | null {
    const { space, rows } = origin;
    if (rows.length !== records.length) return null;
    let known = this.#bySpace.get(space);
    if (known === undefined || known.copy.length < space.length) {
      const grown: SpaceOutputs = { parsed: known?.parsed ?? [], copy: new Uint8Array(space.length) };
      if (known !== undefined) grown.copy.set(known.copy);
      this.#bySpace.set(space, (known = grown));
    }
    const { parsed, copy } = known;
    const out = new Array<unknown>(records.length);
    let copies = true;
    for (let i = 0; i < records.length; i++) {
      const row = rows[i]!;
      const item = records[i]!;
      if (space[row] !== item) return null;
      let value = parsed[row];
      if (value === undefined) {
        value = this.record(item);
        if (value === z.INVALID) return z.INVALID;
        parsed[row] = Object.freeze(value);
        copy[row] = holdsSame(value, item) ? 1 : 2;
      }
      if (copy[row] !== 1) copies = false;
      out[i] = value;
    }
    return copies ? noteOrigin(out, origin) : out;
  }
}

/** Whether `value` is an object with exactly the own enumerable properties and values of `item`. */
function holdsSame(value: unknown, item: object): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const keys = Object.keys(item);
  if (Object.keys(value).length !== keys.length) return false;
  for (const key of keys) if (!Object.prototype.hasOwnProperty.call(value, key) || !Object.is((value as Record<string, unknown>)[key], (item as Record<string, unknown>)[key])) return false;
  return true;
}

const EMPTY: readonly never[] = Object.freeze([]);
/** Recalled arrays seen to hold only strings (a recalled value is frozen: this never changes). */
const allStrings = new WeakSet<object>();

function onlyStrings(items: readonly unknown[]): boolean {
  if (allStrings.has(items)) return true;
  for (let i = 0; i < items.length; i++) if (typeof items[i] !== 'string') return false;
  allStrings.add(items);
  return true;
}

/**
 * For an object with arguments that are lists of strings: a recalled list there (frozen, equal
 * to its text's parse) is given to the tool as it is rather than copied, so a tool can know it
 * again (CRMArena's id lists go from tool to tool). The rest is validated with an empty list in
 * its place, which a list of strings passes or fails exactly as the list itself does.
 */
function withRecalledStringLists<S extends z.ZodType>(schema: S, compiled: S): S {
  const keys = stringListArguments(schema);
  if (keys.length === 0) return compiled;
  const whole = compiledParser(compiled);
  const parser: Parser = (input) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input) || Object.getPrototypeOf(input) !== Object.prototype) return whole(input);
    const args = input as Record<string, unknown>;
    let swapped: Record<string, unknown> | null = null;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (!Object.prototype.hasOwnProperty.call(args, key)) continue;
      const value = args[key];
      if (!Array.isArray(value) || !isRecalled(value) || !onlyStrings(value)) continue;
      swapped ??= { ...args };
      swapped[key] = EMPTY;
    }
    if (swapped === null) return whole(input);
    const out = whole(swapped);
    if (out === z.INVALID) return out;
    for (let i = 0; i < keys.length; i++) if (swapped[keys[i]!] === EMPTY) (out as Record<string, unknown>)[keys[i]!] = args[keys[i]!];
    return out;
  };
  return z.withParser(schema, parser as (input: unknown) => z.output<S>) as S;
}

/** The keys of an object's arguments declared as a plain list of strings (optional, nullable or not). */
function stringListArguments(schema: z.ZodType): string[] {
  // A refinement of the whole object would see the stand-in list, not the agent's.
  if (!(schema instanceof z.ZodObject) || schema._zod.def.checks?.length) return [];
  const keys: string[] = [];
  for (const key of Object.keys(schema.shape)) {
    let field: z.ZodType = schema.shape[key];
    while (field instanceof z.ZodOptional || field instanceof z.ZodNullable) field = field.unwrap() as z.ZodType;
    if (field instanceof z.ZodArray && !field._zod.def.checks?.length && field.element instanceof z.ZodString && !field.element._zod.def.checks?.length) keys.push(key);
  }
  return keys;
}

/** The compiled parser's answer as a value, or INVALID (the schema itself then words the error). */
function compiledParser(compiled: z.ZodType): Parser {
  return (input) => {
    const result = compiled.safeParse(input);
    return result.success ? result.data : z.INVALID;
  };
}

/** The argument name and record schema of `z.object({ name: z.array(z.object(...)) })`, else null. */
function recordListArgument(schema: z.ZodType): { key: string; record: z.ZodType } | null {
  // A refinement of the whole object must see the whole input: such a schema is parsed as it is.
  if (!(schema instanceof z.ZodObject) || schema._zod.def.checks?.length) return null;
  const keys = Object.keys(schema.shape);
  if (keys.length !== 1 || schema._zod.def.catchall !== undefined) return null;
  const key = keys[0]!;
  const field = schema.shape[key];
  if (!(field instanceof z.ZodArray) || field._zod.def.checks?.length) return null;
  const element = field.element;
  return element instanceof z.ZodObject ? { key, record: element as z.ZodType } : null;
}
