import { z } from 'zod';
import { ref } from '../../../src/index.js';
import { aggregate, groupCount, insertRow, listTables, selectRows, sqlToMongodb, type AggregateOutput, type GroupCountOutput, type SelectOutput, type SqlToMongoOutput } from '../tools/database.js';
import { ORDER_STATUSES, TIERS } from '../world/database.js';
import { output, toolbenchTemplate, type Outputs, type SampleScope } from './define.js';
import { FirstIndex } from '../world/first-index.js';

const rowByName = new FirstIndex((r: Readonly<Record<string, unknown>>) => r['name'] as string);

type Select = z.infer<typeof SelectOutput>;

const domain = 'Database' as const;

const rowsOf = (world: SampleScope['world'], table: string) => world.database.tableByName.get(table)!.rows;
const customer = { schema: z.string().min(1), description: 'a customer name', sample: ({ world, rng }: SampleScope) => String(rng.pick(rowsOf(world, 'customers'))['name']) };
const product = { schema: z.string().min(1), description: 'a product name', sample: ({ world, rng }: SampleScope) => String(rng.pick(rowsOf(world, 'products'))['name']) };
const findCustomer = { name: 'customer', tool: selectRows.name, args: { table: ref.literal('customers'), where: ref.compute(({ values }) => [{ column: 'name', op: '=', value: values['customer']! }]) } };
const oneRow = (outputs: Outputs, step: string): boolean => output<Select>(outputs, step).row_count === 1;

export const databaseCustomerSpend = toolbenchTemplate({
  id: 'database.customer_spend',
  domain,
  split: 'train',
  text: 'In the shop database, what is the total amount of {status} orders placed by {customer}?',
  paraphrases: ['Sum the amounts of all orders with status {status} for the customer {customer}.'],
  placeholders: { customer, status: { schema: z.enum(ORDER_STATUSES), description: 'an order status', sample: ({ rng }: SampleScope) => rng.pick(ORDER_STATUSES) } },
  path: [
    findCustomer,
    {
      name: 'total',
      tool: aggregate.name,
      args: {
        table: ref.literal('orders'),
        function: ref.literal('sum'),
        column: ref.literal('amount'),
        where: ref.compute(({ outputs, values }) => [
          { column: 'customer_id', op: '=', value: output<Select>(outputs, 'customer').rows[0]?.['id'] ?? '' },
          { column: 'status', op: '=', value: values['status']! },
        ], ['customer']),
      },
    },
  ],
  answer: ({ outputs }) => output<z.infer<typeof AggregateOutput>>(outputs, 'total').value as number,
  compare: { kind: 'number', tolerance: 0.01 },
  accept: ({ outputs }) => (oneRow(outputs, 'customer') && output<z.infer<typeof AggregateOutput>>(outputs, 'total').rows_matched > 0) || 'no such orders',
  offer: { extra: [listTables.name] },
});

export const databaseRecordOrder = toolbenchTemplate({
  id: 'database.record_order',
  writes: ['db'],
  domain,
  split: 'train',
  text: 'Record a new order in the shop database: {customer} buys {quantity} x {product}. Afterwards, how many orders does {customer} have in total?',
  paraphrases: ['Add an order for {quantity} units of {product} for the customer {customer}, then count all of their orders.'],
  placeholders: { customer, product, quantity: { schema: z.number().int().min(1).max(9), description: 'units', sample: ({ rng }: SampleScope) => rng.int(1, 6) } },
  path: [
    findCustomer,
    { name: 'product', tool: selectRows.name, args: { table: ref.literal('products'), where: ref.compute(({ values }) => [{ column: 'name', op: '=', value: values['product']! }]) } },
    {
      name: 'insert',
      tool: insertRow.name,
      args: {
        table: ref.literal('orders'),
        values: ref.compute(({ outputs, values }) => ({
          customer_id: output<Select>(outputs, 'customer').rows[0]?.['id'] ?? '',
          product_id: output<Select>(outputs, 'product').rows[0]?.['id'] ?? '',
          quantity: values['quantity']!,
        }), ['customer', 'product']),
      },
    },
    {
      name: 'count',
      tool: aggregate.name,
      args: { table: ref.literal('orders'), function: ref.literal('count'), where: ref.compute(({ outputs }) => [{ column: 'customer_id', op: '=', value: output<Select>(outputs, 'customer').rows[0]?.['id'] ?? '' }], ['customer']) },
    },
  ],
  answer: ({ outputs }) => output<z.infer<typeof AggregateOutput>>(outputs, 'count').value as number,
  compare: { kind: 'number', tolerance: 0 },
  accept: ({ outputs }) => (oneRow(outputs, 'customer') && oneRow(outputs, 'product')) || 'the customer or product is ambiguous',
  checkState: ({ state, world, values }) => {
    const c = rowByName.find(rowsOf(world, 'customers'), values['customer']);
    const p = rowByName.find(rowsOf(world, 'products'), values['product']);
    const added = state.db.inserted['orders'] ?? [];
    const otherTables = Object.entries(state.db.inserted).some(([table, rows]) => table !== 'orders' && rows.length > 0);
    const changed = Object.values(state.db.deleted).some((ids) => ids.length > 0) || Object.values(state.db.updated).some((rows) => Object.keys(rows).length > 0);
    const ok = !otherTables && !changed && added.length === 1 && added[0]!['customer_id'] === c?.['id'] && added[0]!['product_id'] === p?.['id'] && added[0]!['quantity'] === values['quantity'];
    return ok ? null : `expected exactly one new order of ${String(values['quantity'])} x ${String(values['product'])} for ${String(values['customer'])}`;
  },
});

const topCity = (outputs: Outputs) => {
  const groups = output<z.infer<typeof GroupCountOutput>>(outputs, 'groups').groups;
  return groups.length > 0 && (groups.length === 1 || groups[0]!.count > groups[1]!.count) ? String(groups[0]!.value) : null;
};

export const databaseTopCity = toolbenchTemplate({
  id: 'database.top_city',
  domain,
  split: 'unseen-instruction',
  text: 'Among {tier}-tier customers who signed up on or after {since}, which city has the most of them?',
  paraphrases: ['In the shop database, which city is home to the largest number of {tier} customers with a signup date from {since} on?'],
  placeholders: {
    tier: { schema: z.enum(TIERS), description: 'a customer tier', sample: ({ rng }: SampleScope) => rng.pick(TIERS) },
    since: { schema: z.iso.date(), description: 'a signup cut-off day', sample: ({ world, rng }: SampleScope) => String(rng.pick(rowsOf(world, 'customers'))['signup_date']) },
  },
  path: [
    {
      name: 'groups',
      tool: groupCount.name,
      args: {
        table: ref.literal('customers'),
        column: ref.literal('city'),
        where: ref.compute(({ values }) => [{ column: 'tier', op: '=', value: values['tier']! }, { column: 'signup_date', op: '>=', value: values['since']! }]),
      },
    },
  ],
  answer: ({ outputs }) => topCity(outputs),
  compare: { kind: 'normalized' },
  accept: ({ outputs }) => topCity(outputs) !== null || 'two cities tie',
});

const SQL_COLUMNS = ['id', 'customer_id', 'amount', 'status', 'order_date', 'quantity'];

export const databaseSqlToMongo = toolbenchTemplate({
  id: 'database.sql_to_mongodb',
  domain,
  split: 'train',
  text: 'Convert this SQL query to a MongoDB query: {sql}',
  paraphrases: ['What is the MongoDB equivalent of the SQL statement {sql}?'],
  placeholders: {
    sql: {
      schema: z.string().startsWith('SELECT'),
      description: 'a simple SQL SELECT over the orders table',
      sample: ({ rng }: SampleScope) => {
        const cols = rng.chance(0.3) ? '*' : rng.sample(SQL_COLUMNS, rng.int(1, 3)).join(', ');
        const status = rng.pick(ORDER_STATUSES);
        const min = rng.int(2, 40) * 10;
        const where = rng.pick([`status = '${status}'`, `amount > ${min}`, `status = '${status}' AND amount >= ${min}`, `quantity <= ${rng.int(1, 4)}`]);
        const order = rng.chance(0.5) ? ` ORDER BY ${rng.pick(['amount', 'order_date'])} ${rng.pick(['ASC', 'DESC'])}` : '';
        const limit = rng.chance(0.5) ? ` LIMIT ${rng.int(1, 20)}` : '';
        return `SELECT ${cols} FROM orders WHERE ${where}${order}${limit}`;
      },
    },
  },
  path: [{ name: 'convert', tool: sqlToMongodb.name, args: { sql: ref.placeholder('sql') } }],
  answer: ({ outputs }) => output<z.infer<typeof SqlToMongoOutput>>(outputs, 'convert').mongodb,
  compare: { kind: 'normalized' },
});

export const databaseTemplates = [databaseCustomerSpend, databaseRecordOrder, databaseTopCity, databaseSqlToMongo];
