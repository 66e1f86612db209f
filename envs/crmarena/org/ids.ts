import type { Rng } from '../../../src/core/rng.js';
import { checksumOf } from '../../../src/tasks/salesforce-id.js';
import { flat } from './flat-string.js';

export { checksumOf };

/** Key prefixes of the org's objects: CRMArena's where it names one, Salesforce-like otherwise. */
export const ID_PREFIX = {
  User: '005',
  Account: '001',
  Contact: '003',
  Case: '500',
  Knowledge__kav: 'ka0',
  ProductCategory: '0ZG',
  Product2: '01t',
  ProductCategoryProduct: '0ZH',
  Pricebook2: '01s',
  PricebookEntry: '01u',
  Order: '801',
  OrderItem: '802',
  EmailMessage: '02s',
  LiveChatTranscript: '570',
  Issue__c: 'a1M',
  CaseHistory__c: 'a0H',
  ProductCatalog: '0ZS',
} as const;
export type IdPrefix = (typeof ID_PREFIX)[keyof typeof ID_PREFIX];

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** The instance part every id of the org carries, as a real org's ids do. */
const POD = 'Ws0';

function base62(n: number, width: number): string {
  let out = '';
  let rest = n;
  while (rest > 0) {
    out = BASE62[rest % 62]! + out;
    rest = Math.floor(rest / 62);
  }
  return out.padStart(width, '0');
}

/** The 18-character form of a 15- or 18-character id; other text is returned unchanged. */
export function to18(id: string): string {
  return id.length === 15 && /^[0-9A-Za-z]{15}$/.test(id) ? id + checksumOf(id) : id;
}

export function isSalesforceId(text: string): boolean {
  return /^[0-9A-Za-z]{18}$/.test(text) && checksumOf(text.slice(0, 15)) === text.slice(15);
}

/**
 * Mints the ids of one object: prefix + instance + a seeded, increasing base62 counter, then the
 * checksum, so ids look like a real org's (`005Ws000001xSR9IAM`) and sort by creation.
 */
export class IdMinter {
  /** The counter as base62 digit values, most significant first. */
  readonly #digits: number[];
  readonly #head: string;
  constructor(
    readonly prefix: IdPrefix,
    private readonly rng: Rng,
  ) {
    const start = base62(rng.int(62 ** 4, 62 ** 5), 9);
    this.#digits = [...start].map((c) => BASE62.indexOf(c));
    this.#head = `${prefix}${POD}`;
  }
  mint(): string {
    let carry = this.rng.int(1, 97);
    for (let i = 8; i >= 0 && carry > 0; i--) {
      const sum = this.#digits[i]! + carry;
      this.#digits[i] = sum % 62;
      carry = Math.floor(sum / 62);
    }
    let tail = '';
    for (const d of this.#digits) tail += BASE62[d]!;
    const id15 = this.#head + tail;
    return flat(id15 + checksumOf(id15));
  }
}
