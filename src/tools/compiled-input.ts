import { z } from 'zod';
import { isRecalled, isRecalledStringList } from '../core/recalled-json.js';
import { noteOrigin, originOf, type ListOrigin } from '../core/list-origin.js';
import { columnsOf } from '../core/number-record.js';

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

const EMPTY_LIST: readonly never[] = Object.freeze([]);
const EMPTY_RECORD: Readonly<Record<string, never>> = Object.freeze({});

/** What an argument is declared as, when a recalled value there may be given to the tool as it is. */
const enum Recallable {
  /** A plain list of strings. */
  Strings = 1,
  /** A record of plain strings to plain numbers. */
  Numbers = 2,
}

/** Whether a recalled record (frozen, a plain object equal to its text's parse) holds only finite numbers: it then passes `z.record(z.string(), z.number())` as it is. */
function onlyNumbers(record: object): boolean {
  if (columnsOf(record) !== undefined) return true;
  if (Array.isArray(record) || Object.getPrototypeOf(record) !== Object.prototype) return false;
  const keys = Object.keys(record);
  for (let i = 0; i < keys.length; i++) {
    const v = (record as Record<string, unknown>)[keys[i]!];
    if (typeof v !== 'number' || !Number.isFinite(v) || keys[i] === '__proto__') return false;
  }
  return true;
}

/**
 * For an object with arguments that are lists of strings or records of numbers: a recalled value
 * there (frozen, equal to its text's parse) is given to the tool as it is rather than copied, so a
 * tool can know it again (CRMArena's id lists and count objects go from tool to tool). The rest is
 * validated with an empty list or record in its place, which such a value passes or fails exactly
 * as the value itself does; zod's output for it would be a copy with the same keys, values and order.
 */
function withRecalledStringLists<S extends z.ZodType>(schema: S, compiled: S): S {
  const { keys, kinds } = recallableArguments(schema);
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
      if (kinds[i] === Recallable.Strings) {
        if (!isRecalledStringList(value)) continue;
        swapped ??= { ...args };
        swapped[key] = EMPTY_LIST;
      } else {
        if (!isRecalled(value) || !onlyNumbers(value as object)) continue;
        swapped ??= { ...args };
        swapped[key] = EMPTY_RECORD;
      }
    }
    if (swapped === null) return whole(input);
    const out = whole(swapped);
    if (out === z.INVALID) return out;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (swapped[key] === EMPTY_LIST || swapped[key] === EMPTY_RECORD) (out as Record<string, unknown>)[key] = args[key];
    }
    return out;
  };
  return z.withParser(schema, parser as (input: unknown) => z.output<S>) as S;
}

/** The keys of an object's arguments declared as a plain list of strings or a plain record of strings to numbers (optional, nullable or not). */
function recallableArguments(schema: z.ZodType): { keys: string[]; kinds: Recallable[] } {
  const keys: string[] = [];
  const kinds: Recallable[] = [];
  // A refinement of the whole object would see the stand-in, not the agent's value.
  if (!(schema instanceof z.ZodObject) || schema._zod.def.checks?.length) return { keys, kinds };
  for (const key of Object.keys(schema.shape)) {
    let field: z.ZodType = schema.shape[key];
    while (field instanceof z.ZodOptional || field instanceof z.ZodNullable) field = field.unwrap() as z.ZodType;
    if (field._zod.def.checks?.length) continue;
    if (field instanceof z.ZodArray && plain(field.element, z.ZodString)) {
      keys.push(key);
      kinds.push(Recallable.Strings);
    } else if (field instanceof z.ZodRecord && plain(field.keyType, z.ZodString) && plain(field.valueType, z.ZodNumber)) {
      keys.push(key);
      kinds.push(Recallable.Numbers);
    }
  }
  return { keys, kinds };
}

/** Whether a schema is exactly an instance of `kind` as its plain constructor makes it: no checks, format (`z.int()`) or coercion. */
function plain(schema: unknown, kind: abstract new (...args: never[]) => z.ZodType): boolean {
  if (!(schema instanceof kind)) return false;
  const def = (schema as z.ZodType)._zod.def as unknown as { checks?: unknown[] } & Record<string, unknown>;
  for (const key of Object.keys(def)) if (key !== 'type' && (key !== 'checks' || def.checks!.length > 0)) return false;
  return true;
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
