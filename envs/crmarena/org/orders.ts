import type { Rng } from '../../../src/core/rng.js';
import type { Catalog } from './catalog.js';
import { DAY, isoDay } from './dates.js';
import { ID_PREFIX, IdMinter } from './ids.js';
import type { AccountRecord, OrderItemRecord, OrderRecord } from './records.js';

export interface OrderItemDraft {
  readonly product: number;
  readonly quantity: number;
  /** Set when the book is finalised. */
  id: string;
}

interface OrderDraft {
  readonly account: number;
  dayMs: number;
  /** A background order (no case reads its day), which may move out of a quiet window. */
  readonly movable: boolean;
  readonly status: OrderRecord['Status'];
  readonly items: OrderItemDraft[];
  readonly seq: number;
}

/**
 * Collects orders in any order, then gives them ids in date order, so ids grow with time as in a
 * real org and cases can point at order items before those have ids.
 */
export class OrderBook {
  readonly #drafts: OrderDraft[] = [];
  /** Per account: spans (start, end) with no order strictly inside, so a chat's "my previous purchase" stays true. */
  readonly #quiet = new Map<number, [number, number][]>();
  constructor(
    private readonly catalog: Catalog,
    private readonly rng: Rng,
  ) {}

  /** An order of the account on the day (midnight UTC) with the given products; returns its items. */
  add(account: number, dayMs: number, products: readonly number[], status: OrderRecord['Status'], movable = false): OrderItemDraft[] {
    const items = products.map((product) => ({ product, quantity: this.rng.chance(0.8) ? 1 : this.rng.int(2, 3), id: '' }));
    this.#drafts.push({ account, dayMs, movable, status, items, seq: this.#drafts.length });
    return items;
  }

  /** No order of the account may fall strictly between the two days: background orders there move to the day after `endDay`. */
  keepQuiet(account: number, startDay: number, endDay: number): void {
    this.#quiet.set(account, [...(this.#quiet.get(account) ?? []), [startDay, endDay]]);
  }

  #moveOutOfQuiet(): void {
    for (const draft of this.#drafts) {
      if (!draft.movable) continue;
      for (let moved = true, guard = 0; moved && guard < 16; guard++) {
        moved = false;
        for (const [start, end] of this.#quiet.get(draft.account) ?? []) {
          if (draft.dayMs > start && draft.dayMs < end) {
            draft.dayMs = end + DAY;
            moved = true;
          }
        }
      }
    }
  }

  finalise(rng: Rng, accounts: readonly AccountRecord[]): { orders: OrderRecord[]; items: OrderItemRecord[] } {
    const orderIds = new IdMinter(ID_PREFIX.Order, rng.child('order-ids'));
    const itemIds = new IdMinter(ID_PREFIX.OrderItem, rng.child('item-ids'));
    this.#moveOutOfQuiet();
    const drafts = this.#drafts.slice().sort((a, b) => a.dayMs - b.dayMs || a.seq - b.seq);
    const orders: OrderRecord[] = [];
    const items: OrderItemRecord[] = [];
    for (const draft of drafts) {
      const book = this.catalog.pricebookFor(draft.dayMs);
      const order: OrderRecord = { Id: orderIds.mint(), AccountId: accounts[draft.account]!.Id, EffectiveDate: isoDay(draft.dayMs), Pricebook2Id: this.catalog.pricebooks[book]!.Id, Status: draft.status };
      orders.push(order);
      for (const item of draft.items) {
        const entry = this.catalog.entryOf(book, item.product);
        item.id = itemIds.mint();
        items.push({ Id: item.id, OrderId: order.Id, Product2Id: entry.Product2Id, PricebookEntryId: entry.Id, Quantity: item.quantity, UnitPrice: entry.UnitPrice });
      }
    }
    return { orders, items };
  }
}
