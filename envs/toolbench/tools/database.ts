import { z } from 'zod';
import type { JsonValue } from '../../../src/index.js';
import { defineApi, badRequest, conflict, notFound, type ToolBenchContext } from '../api.js';
import { isIsoDate } from '../dates.js';
import { round2 } from '../money.js';
import type { DbRow } from '../state.js';
import type { Row, Table } from '../world/database.js';
import { columnOf, copyRow, liveRow, liveRows, nextRowId, OPERATORS, selectWhere, tableOf, unknownColumn, type Condition } from './database-table.js';
import { sqlToMongo } from './sql-to-mongo.js';

const SQL = 'SQL Playground';
const MONGO = 'MongoDB Atlas Data API';
const CONVERTER = 'SQL to MongoDB Converter';
const domain = 'Database' as const;

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const ConditionInput = z.object({ column: z.string(), op: z.enum(OPERATORS), value: Scalar });
const Where = z.array(ConditionInput).max(6).optional().describe('Conditions, all of which must hold');
const READ_ONLY = new Set(['products']);

function select(ctx: ToolBenchContext, table: Table, where: readonly Condition[]): Row[] {
  return selectWhere(ctx.state, table, where);
}

function orderRows(rows: Row[], column: string, descending: boolean): Row[] {
  const sign = descending ? -1 : 1;
  return rows.slice().sort((a, b) => {
    const x = a[column];
    const y = b[column];
    if (x === y) return 0;
    if (x === undefined || x === null) return 1;
    if (y === undefined || y === null) return -1;
    return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : 1) * sign;
  });
}

export const ListTablesOutput = z.object({ tables: z.array(z.object({ name: z.string(), row_count: z.number().int(), read_only: z.boolean(), columns: z.array(z.object({ name: z.string(), type: z.string(), references: z.string().nullable() })) })) });

export const listTables = defineApi({
  api: 'List Tables',
  tool: SQL,
  domain,
  description: 'The tables of the sample shop database with their columns, types, references and row counts.',
  input: z.object({}),
  output: ListTablesOutput,
  handler: (_args, ctx) => ({
    tables: ctx.world.database.tables.map((t) => ({
      name: t.name,
      row_count: liveRows(ctx.state, t).length,
      read_only: READ_ONLY.has(t.name),
      columns: t.columns.map((c) => ({ name: c.name, type: c.values ? `${c.type} (${c.values.join('|')})` : c.type, references: c.references ?? null })),
    })),
  }),
});

export const SelectOutput = z.object({ table: z.string(), row_count: z.number().int(), returned: z.number().int(), rows: z.array(z.record(z.string(), Scalar)) });

export const selectRows = defineApi({
  api: 'Select Rows',
  tool: SQL,
  domain,
  capability: 'database.select',
  description: 'Rows of a table matching every condition (=, !=, >, >=, <, <=, contains), optionally ordered; row_count counts all matches, at most limit (50) are returned.',
  input: z.object({ table: z.string(), where: Where, order_by: z.string().optional(), descending: z.boolean().default(false), limit: z.number().int().min(1).max(50).default(20) }),
  output: SelectOutput,
  handler: ({ table: name, where, order_by, descending, limit }, ctx) => {
    const table = tableOf(ctx, name);
    if (!table) return notFound('table', name);
    const missing = unknownColumn(table, [...(where ?? []).map((c) => c.column), ...(order_by === undefined ? [] : [order_by])]);
    if (missing !== null) return badRequest(`table ${table.name} has no column ${JSON.stringify(missing)}`);
    let rows = select(ctx, table, where ?? []);
    if (order_by !== undefined) rows = orderRows(rows, order_by, descending);
    const shown = rows.slice(0, limit);
    return { table: table.name, row_count: rows.length, returned: shown.length, rows: shown.map(copyRow) as Record<string, string | number | boolean | null>[] };
  },
});

const MongoOps = z.object({ $eq: Scalar, $ne: Scalar, $gt: Scalar, $gte: Scalar, $lt: Scalar, $lte: Scalar, $regex: z.string() }).partial().strict();
const MONGO_TO_OP: Readonly<Record<string, Condition['op']>> = { $eq: '=', $ne: '!=', $gt: '>', $gte: '>=', $lt: '<', $lte: '<=', $regex: 'contains' };

/** Turns the canonical condition list into a Mongo filter document. */
export function whereToFilter(where: readonly { column: string; op: string; value: JsonValue }[]): Record<string, JsonValue> {
  const filter = new Map<string, JsonValue>();
  for (const c of where) {
    const op = Object.entries(MONGO_TO_OP).find(([, o]) => o === c.op)?.[0] ?? '$eq';
    const prev = filter.get(c.column);
    if (op === '$eq' && prev === undefined) filter.set(c.column, c.value);
    else {
      const base = prev === undefined ? {} : typeof prev === 'object' && prev !== null && !Array.isArray(prev) ? prev : { $eq: prev };
      filter.set(c.column, { ...base, [op]: c.value });
    }
  }
  return Object.fromEntries(filter);
}

export const findMongo = defineApi({
  api: 'Find',
  tool: MONGO,
  domain,
  capability: 'database.select',
  adapt: (a) => {
    const out: Record<string, JsonValue> = { collection: a['table']! };
    const where = (a['where'] as { column: string; op: string; value: JsonValue }[] | undefined) ?? [];
    if (where.length > 0) out['filter'] = whereToFilter(where);
    if (a['order_by'] !== undefined) out['sort'] = { [a['order_by'] as string]: a['descending'] === true ? -1 : 1 };
    if (a['limit'] !== undefined) out['limit'] = a['limit']!;
    return out;
  },
  description: 'Documents of a collection matching a filter ({field: value} or {field: {$gt: v, ...}}; $regex matches plain text, case-insensitive), with sort {field: 1|-1} and limit (50 at most).',
  input: z.object({
    collection: z.string(),
    filter: z.record(z.string(), z.union([Scalar, MongoOps])).optional(),
    sort: z.record(z.string(), z.union([z.literal(1), z.literal(-1)])).optional(),
    limit: z.number().int().min(1).max(50).default(20),
  }),
  output: z.object({ documents: z.array(z.record(z.string(), Scalar)), matched: z.number().int() }),
  handler: ({ collection, filter, sort, limit }, ctx) => {
    const table = tableOf(ctx, collection);
    if (!table) return notFound('collection', collection);
    const conditions: Condition[] = [];
    for (const [column, spec] of Object.entries(filter ?? {})) {
      const field = column === '_id' ? 'id' : column;
      if (spec !== null && typeof spec === 'object') {
        for (const [op, value] of Object.entries(spec)) conditions.push({ column: field, op: MONGO_TO_OP[op]!, value: value as Condition['value'] });
      } else conditions.push({ column: field, op: '=', value: spec });
    }
    const sortKeys = Object.entries(sort ?? {});
    const missing = unknownColumn(table, [...conditions.map((c) => c.column), ...sortKeys.map(([k]) => (k === '_id' ? 'id' : k))]);
    if (missing !== null) return badRequest(`collection ${table.name} has no field ${JSON.stringify(missing)}`);
    let rows = select(ctx, table, conditions);
    const first = sortKeys[0];
    if (first) rows = orderRows(rows, first[0] === '_id' ? 'id' : first[0], first[1] === -1);
    return {
      documents: rows.slice(0, limit).map((r) => {
        const { id, ...rest } = r;
        return { _id: id ?? null, ...rest } as Record<string, string | number | boolean | null>;
      }),
      matched: rows.length,
    };
  },
});

export const AggregateOutput = z.object({ table: z.string(), function: z.string(), column: z.string().nullable(), value: z.union([z.number(), z.string(), z.null()]), rows_matched: z.number().int() });

export const aggregate = defineApi({
  api: 'Aggregate',
  tool: SQL,
  domain,
  description: 'COUNT, SUM, AVG, MIN or MAX of a column over the rows matching the conditions (COUNT needs no column; SUM and AVG need a number column; AVG is rounded to cents).',
  input: z.object({ table: z.string(), function: z.enum(['count', 'sum', 'avg', 'min', 'max']), column: z.string().optional(), where: Where }),
  output: AggregateOutput,
  handler: ({ table: name, function: fn, column, where }, ctx) => {
    const table = tableOf(ctx, name);
    if (!table) return notFound('table', name);
    const missing = unknownColumn(table, [...(where ?? []).map((c) => c.column), ...(column === undefined ? [] : [column])]);
    if (missing !== null) return badRequest(`table ${table.name} has no column ${JSON.stringify(missing)}`);
    const rows = select(ctx, table, where ?? []);
    if (fn === 'count') return { table: table.name, function: fn, column: column ?? null, value: rows.length, rows_matched: rows.length };
    if (column === undefined) return badRequest(`${fn} needs a column`);
    const values = rows.map((r) => r[column]).filter((v): v is string | number => typeof v === 'number' || typeof v === 'string');
    if ((fn === 'sum' || fn === 'avg') && columnOf(table, column)!.type !== 'number') return badRequest(`${fn} needs a number column; ${column} is ${columnOf(table, column)!.type}`);
    let value: number | string | null = null;
    if (values.length > 0) {
      if (fn === 'sum') value = round2((values as number[]).reduce((s, v) => s + v, 0));
      else if (fn === 'avg') value = round2((values as number[]).reduce((s, v) => s + v, 0) / values.length);
      else value = values.reduce((best, v) => ((fn === 'min' ? v < best : v > best) ? v : best));
    } else if (fn === 'sum') value = 0;
    return { table: table.name, function: fn, column, value, rows_matched: rows.length };
  },
});

export const GroupCountOutput = z.object({ table: z.string(), column: z.string(), groups: z.array(z.object({ value: Scalar, count: z.number().int() })) });

export const groupCount = defineApi({
  api: 'Group Count',
  tool: SQL,
  domain,
  description: 'How many matching rows have each value of a column (GROUP BY with COUNT), most frequent first.',
  input: z.object({ table: z.string(), column: z.string(), where: Where }),
  output: GroupCountOutput,
  handler: ({ table: name, column, where }, ctx) => {
    const table = tableOf(ctx, name);
    if (!table) return notFound('table', name);
    const missing = unknownColumn(table, [column, ...(where ?? []).map((c) => c.column)]);
    if (missing !== null) return badRequest(`table ${table.name} has no column ${JSON.stringify(missing)}`);
    const counts = new Map<string | number | boolean | null, number>();
    for (const r of select(ctx, table, where ?? [])) {
      const v = (r[column] ?? null) as string | number | boolean | null;
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    const groups = [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || (String(a.value) < String(b.value) ? -1 : 1));
    return { table: table.name, column, groups };
  },
});

type Values = Record<string, string | number | boolean | null>;

/** Checks column names, types, allowed values and references of values to write. */
function checkValues(ctx: ToolBenchContext, table: Table, values: Values): string | null {
  for (const [key, value] of Object.entries(values)) {
    const column = columnOf(table, key);
    if (!column) return `table ${table.name} has no column ${JSON.stringify(key)}`;
    if (key === 'id') return 'id is assigned by the database';
    if (table.name === 'orders' && key === 'amount') return 'amount is computed from quantity and the product unit_price';
    if (column.type === 'number' && (typeof value !== 'number' || !Number.isFinite(value))) return `${key} must be a number`;
    if (column.type !== 'number' && typeof value !== 'string') return `${key} must be a string`;
    if (column.type === 'date' && !isIsoDate(value as string)) return `${key} must be a date YYYY-MM-DD`;
    if (column.values && !column.values.includes(value as string)) return `${key} must be one of ${column.values.join(', ')}`;
    if (key === 'quantity' && (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 1000)) return 'quantity must be a whole number from 1 to 1000';
    if (column.type === 'string' && (value as string).trim() === '') return `${key} must not be empty`;
    if (column.references) {
      const target = ctx.world.database.tableByName.get(column.references)!;
      if (!liveRow(ctx.world.database, ctx.state, target, value as string)) return `${key} ${JSON.stringify(value)} does not exist in ${target.name}`;
    }
  }
  return null;
}

function orderAmount(ctx: ToolBenchContext, productId: string, quantity: number): number {
  const products = ctx.world.database.tableByName.get('products')!;
  return round2((liveRow(ctx.world.database, ctx.state, products, productId)!['unit_price'] as number) * quantity);
}

const REQUIRED: Readonly<Record<string, readonly string[]>> = { customers: ['name', 'email', 'city'], orders: ['customer_id', 'product_id', 'quantity'] };

export const InsertOutput = z.object({ table: z.string(), inserted_id: z.string(), row: z.record(z.string(), Scalar) });

export const insertRow = defineApi({
  api: 'Insert Row',
  tool: SQL,
  domain,
  writes: true,
  description: 'Inserts a row into customers (name, email, city; tier and signup_date default to basic and today) or orders (customer_id, product_id, quantity; status defaults to pending, order_date to today, amount is computed). products is read-only.',
  input: z.object({ table: z.string(), values: z.record(z.string(), Scalar) }),
  output: InsertOutput,
  handler: ({ table: name, values }, ctx) => {
    const table = tableOf(ctx, name);
    if (!table) return notFound('table', name);
    if (READ_ONLY.has(table.name)) return badRequest(`table ${table.name} is read-only`);
    const problem = checkValues(ctx, table, values);
    if (problem) return badRequest(problem);
    const missing = (REQUIRED[table.name] ?? []).filter((k) => values[k] === undefined);
    if (missing.length > 0) return badRequest(`missing ${missing.join(', ')}`);
    const today = ctx.world.today;
    const id = nextRowId(ctx.state, table);
    const row: DbRow =
      table.name === 'orders'
        ? { id, customer_id: values['customer_id']!, product_id: values['product_id']!, quantity: values['quantity']!, amount: orderAmount(ctx, values['product_id'] as string, values['quantity'] as number), status: values['status'] ?? 'pending', order_date: values['order_date'] ?? today }
        : { id, name: values['name']!, email: values['email']!, city: values['city']!, tier: values['tier'] ?? 'basic', signup_date: values['signup_date'] ?? today };
    (ctx.state.db.inserted[table.name] ??= []).push(row);
    return { table: table.name, inserted_id: id, row: { ...row } as Values };
  },
});

export const updateRow = defineApi({
  api: 'Update Row',
  tool: SQL,
  domain,
  writes: true,
  description: 'Changes columns of one row by id (not id itself; an order amount follows its quantity and product).',
  input: z.object({ table: z.string(), id: z.string(), values: z.record(z.string(), Scalar) }),
  output: InsertOutput,
  handler: ({ table: name, id, values }, ctx) => {
    const table = tableOf(ctx, name);
    if (!table) return notFound('table', name);
    if (READ_ONLY.has(table.name)) return badRequest(`table ${table.name} is read-only`);
    const current = liveRow(ctx.world.database, ctx.state, table, id);
    if (!current) return notFound(`row of ${table.name}`, id);
    const problem = checkValues(ctx, table, values);
    if (problem) return badRequest(problem);
    const next: DbRow = { ...current, ...values };
    if (table.name === 'orders') next['amount'] = orderAmount(ctx, next['product_id'] as string, next['quantity'] as number);
    const inserted = ctx.state.db.inserted[table.name]?.find((r) => r['id'] === id);
    if (inserted) Object.assign(inserted, next);
    else {
      const patches = (ctx.state.db.updated[table.name] ??= {});
      const patch: DbRow = {};
      for (const [k, v] of Object.entries(next)) if (k !== 'id') patch[k] = v;
      patches[id] = patch;
    }
    return { table: table.name, inserted_id: id, row: { ...next } as Values };
  },
});

export const deleteRow = defineApi({
  api: 'Delete Row',
  tool: SQL,
  domain,
  writes: true,
  description: 'Deletes one row by id; a customer who still has orders cannot be deleted.',
  input: z.object({ table: z.string(), id: z.string() }),
  output: z.object({ table: z.string(), deleted_id: z.string(), rows_left: z.number().int() }),
  handler: ({ table: name, id }, ctx) => {
    const table = tableOf(ctx, name);
    if (!table) return notFound('table', name);
    if (READ_ONLY.has(table.name)) return badRequest(`table ${table.name} is read-only`);
    if (!liveRow(ctx.world.database, ctx.state, table, id)) return notFound(`row of ${table.name}`, id);
    for (const other of ctx.world.database.tables) {
      for (const column of other.columns) {
        if (column.references !== table.name) continue;
        const user = liveRows(ctx.state, other).find((r) => r[column.name] === id);
        if (user) return conflict(`${table.name} ${id} is still referenced by ${other.name} ${String(user['id'])}`);
      }
    }
    (ctx.state.db.deleted[table.name] ??= []).push(id);
    return { table: table.name, deleted_id: id, rows_left: liveRows(ctx.state, table).length };
  },
});

export const SqlToMongoOutput = z.object({ sql: z.string(), mongodb: z.string() });

export const sqlToMongodb = defineApi({
  api: 'Convert',
  tool: CONVERTER,
  domain,
  description: 'Rewrites a simple SQL SELECT (columns, FROM, WHERE with AND, ORDER BY, LIMIT) as a MongoDB shell find() query.',
  input: z.object({ sql: z.string().max(1000) }),
  output: SqlToMongoOutput,
  handler: ({ sql }) => {
    const result = sqlToMongo(sql);
    return 'error' in result ? badRequest(result.error) : { sql, mongodb: result.query };
  },
});

export const databaseTools = [listTables, selectRows, findMongo, aggregate, groupCount, insertRow, updateRow, deleteRow, sqlToMongodb];
