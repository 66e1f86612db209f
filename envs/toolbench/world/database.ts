import type { JsonValue } from '../../../src/index.js';
import { addDays } from '../dates.js';
import { round2 } from '../money.js';
import type { DomainContext } from './context.js';
import { indexBy } from './context.js';
import { scaled, uniqueNames } from './names.js';
import { PLACES } from './places.js';

export type ColumnType = 'string' | 'number' | 'date';

export interface Column {
  readonly name: string;
  readonly type: ColumnType;
  /** The table whose `id` this column references. */
  readonly references?: string;
  /** Allowed values, for enumerated columns. */
  readonly values?: readonly string[];
}

export type Row = Readonly<Record<string, JsonValue>>;

export interface Table {
  readonly name: string;
  readonly columns: readonly Column[];
  readonly rows: readonly Row[];
  /** Prefix and width of new ids. */
  readonly idPrefix: string;
  readonly idWidth: number;
}

export interface DatabaseWorld {
  readonly tables: readonly Table[];
  readonly tableByName: ReadonlyMap<string, Table>;
  /** Row by id, per table. */
  readonly rowById: ReadonlyMap<string, ReadonlyMap<string, Row>>;
}

export const ORDER_STATUSES = ['pending', 'shipped', 'delivered', 'cancelled'] as const;
export const TIERS = ['basic', 'plus', 'pro'] as const;
const PRODUCT_NAMES = ['Desk Lamp', 'Office Chair', 'Standing Desk', 'Monitor Arm', 'Notebook Pack', 'Gel Pens', 'Laptop Stand', 'Wireless Mouse', 'Cable Organizer', 'Whiteboard', 'Filing Cabinet', 'Paper Shredder', 'Label Maker', 'Desk Mat', 'Webcam Cover', 'Headset Hook'];

export const CUSTOMER_COLUMNS: readonly Column[] = [
  { name: 'id', type: 'string' }, { name: 'name', type: 'string' }, { name: 'email', type: 'string' }, { name: 'city', type: 'string' },
  { name: 'tier', type: 'string', values: TIERS }, { name: 'signup_date', type: 'date' },
];
export const PRODUCT_COLUMNS: readonly Column[] = [
  { name: 'id', type: 'string' }, { name: 'name', type: 'string' }, { name: 'category', type: 'string', values: ['furniture', 'stationery', 'electronics'] }, { name: 'unit_price', type: 'number' },
];
export const ORDER_COLUMNS: readonly Column[] = [
  { name: 'id', type: 'string' }, { name: 'customer_id', type: 'string', references: 'customers' }, { name: 'product_id', type: 'string', references: 'products' },
  { name: 'quantity', type: 'number' }, { name: 'amount', type: 'number' }, { name: 'status', type: 'string', values: ORDER_STATUSES }, { name: 'order_date', type: 'date' },
];

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export function buildDatabase(ctx: DomainContext): DatabaseWorld {
  const { rng, today } = ctx;
  const customerCount = scaled(60, ctx.scale, 20);
  const names = uniqueNames(rng, customerCount);
  const customers: Row[] = names.map((name, i) => ({
    id: `C${pad(i + 1, 4)}`,
    name,
    email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.com`,
    city: rng.pick(PLACES.slice(0, 16)).city,
    tier: rng.pick(TIERS),
    signup_date: addDays(today, -rng.int(30, 1500)),
  }));
  const products: Row[] = PRODUCT_NAMES.map((name, i) => ({
    id: `P${pad(i + 1, 3)}`,
    name,
    category: i < 5 ? 'furniture' : i < 10 ? 'stationery' : 'electronics',
    unit_price: round2(rng.int(3, 300) - 0.01),
  }));
  const orderCount = scaled(240, ctx.scale, 60);
  const orders: Row[] = Array.from({ length: orderCount }, (_, i) => {
    const product = rng.pick(products);
    const quantity = rng.int(1, 5);
    return {
      id: `O${pad(i + 1, 5)}`,
      customer_id: rng.pick(customers)['id']!,
      product_id: product['id']!,
      quantity,
      amount: round2((product['unit_price'] as number) * quantity),
      status: rng.pick(ORDER_STATUSES),
      order_date: addDays(today, -rng.int(0, 365)),
    };
  });
  const tables: Table[] = [
    { name: 'customers', columns: CUSTOMER_COLUMNS, rows: customers, idPrefix: 'C', idWidth: 4 },
    { name: 'products', columns: PRODUCT_COLUMNS, rows: products, idPrefix: 'P', idWidth: 3 },
    { name: 'orders', columns: ORDER_COLUMNS, rows: orders, idPrefix: 'O', idWidth: 5 },
  ];
  return {
    tables,
    tableByName: indexBy(tables, 'name'),
    rowById: new Map(tables.map((t) => [t.name, new Map(t.rows.map((r) => [r['id'] as string, r]))])),
  };
}
