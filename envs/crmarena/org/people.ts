import type { Rng } from '../../../src/core/rng.js';
import { DAY } from './dates.js';
import { ID_PREFIX, IdMinter } from './ids.js';
import type { AccountRecord, ContactRecord, UserRecord } from './records.js';
import { FIRST_NAMES, ISSUE_NAMES, LAST_NAMES, PRODUCT_LINES, STATES } from './vocabulary.js';
import { gaussian, WeightedPicker } from './weighted.js';

/** What makes an agent's record differ from another's: hidden from the agent, visible in the data. */
export interface AgentTraits {
  /** Multiplies handle times: below 1 is faster. */
  readonly speed: number;
  /** Chance that a case first assigned to them is transferred away. */
  readonly transferRate: number;
  /** Relative share of new cases. */
  readonly workload: number;
  /** Issue indices they are the go-to agent for. */
  readonly specialties: readonly number[];
  /** Product line indices they know well. */
  readonly expertLines: readonly number[];
  /** When they started taking cases. */
  readonly joinedMs: number;
}

const COMPANY_DOMAIN = 'shoesclothings.example';

function phone(rng: Rng): string {
  return `(${rng.int(201, 989)}) ${rng.int(200, 999)}-${String(rng.int(0, 9999)).padStart(4, '0')}`;
}

function uniqueName(rng: Rng, used: Set<string>): { first: string; last: string } {
  for (;;) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const key = `${first} ${last}`;
    if (!used.has(key)) {
      used.add(key);
      return { first, last };
    }
  }
}

export function buildAgents(rng: Rng, count: number, windowStartMs: number, todayMs: number): { users: UserRecord[]; traits: AgentTraits[] } {
  const ids = new IdMinter(ID_PREFIX.User, rng.child('ids'));
  const names = rng.child('names');
  const draw = rng.child('traits');
  const usedNames = new Set<string>();
  const specialties: number[][] = Array.from({ length: count }, () => []);
  const order = draw.shuffle(Array.from({ length: count }, (_, i) => i));
  let cursor = 0;
  for (let issue = 0; issue < ISSUE_NAMES.length; issue++) {
    for (let k = 0; k < 3; k++) specialties[order[cursor++ % count]!]!.push(issue);
  }
  const users: UserRecord[] = [];
  const traits: AgentTraits[] = [];
  const span = todayMs - windowStartMs;
  for (let i = 0; i < count; i++) {
    const { first, last } = uniqueName(names, usedNames);
    const handle = `${first}.${last}`.toLowerCase();
    users.push({
      Id: ids.mint(),
      FirstName: first,
      LastName: last,
      Email: `${handle}@${COMPANY_DOMAIN}`,
      Phone: phone(names),
      Alias: `${first[0]}${last.slice(0, 4)}`.toLowerCase(),
      Username: `${handle}@${COMPANY_DOMAIN}.crm`,
    });
    const lateJoiner = draw.chance(0.15);
    traits.push({
      speed: Math.exp(0.4 * gaussian(draw)),
      transferRate: 0.02 + 0.3 * draw.next() ** 2,
      workload: 0.4 + 1.2 * draw.next(),
      specialties: specialties[i]!,
      expertLines: draw.sample(
        PRODUCT_LINES.map((_, j) => j),
        2,
      ),
      joinedMs: lateJoiner ? windowStartMs + Math.floor(draw.next() * 0.8 * span / DAY) * DAY : windowStartMs - 400 * DAY,
    });
  }
  return { users, traits };
}

export function buildCustomers(rng: Rng, count: number, agents: readonly UserRecord[]): { accounts: AccountRecord[]; contacts: ContactRecord[] } {
  const accountIds = new IdMinter(ID_PREFIX.Account, rng.child('account-ids'));
  const contactIds = new IdMinter(ID_PREFIX.Contact, rng.child('contact-ids'));
  const draw = rng.child('people');
  const states = new WeightedPicker(STATES.map((s) => s.share));
  const accounts: AccountRecord[] = [];
  const contacts: ContactRecord[] = [];
  const emails = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const first = draw.pick(FIRST_NAMES);
    const last = draw.pick(LAST_NAMES);
    const state = STATES[states.pick(draw)]!;
    const base = `${first}.${last}`.toLowerCase();
    const seen = emails.get(base) ?? 0;
    emails.set(base, seen + 1);
    const email = `${base}${seen === 0 ? '' : seen + 1}@${draw.pick(['mailbox.example', 'inbox.example', 'post.example'])}`;
    const account: AccountRecord = {
      Id: accountIds.mint(),
      Name: `${first} ${last}`,
      FirstName: first,
      LastName: last,
      PersonEmail: email,
      Phone: phone(draw),
      ShippingCity: draw.pick(state.cities),
      ShippingState: state.code,
    };
    accounts.push(account);
    contacts.push({ Id: contactIds.mint(), AccountId: account.Id, Email: email, FirstName: first, LastName: last, OwnerId: draw.pick(agents).Id });
  }
  return { accounts, contacts };
}
