import type { Rng } from '../../../src/core/rng.js';
import type { Catalog } from './catalog.js';
import { DAY, HOUR, MINUTE, monthOf, startOfDay } from './dates.js';
import type { PolicyFact } from './knowledge.js';
import type { OrderBook, OrderItemDraft } from './orders.js';
import { orderDayFor, planScenario, previousOrderDayFor, previousPurchaseHolds, type PlannedScenario } from './scenarios.js';
import type { AgentTraits } from './people.js';
import type { AccountRecord, CaseRecord, CaseStatus, OrderItemRecord, OrderRecord } from './records.js';
import { ISSUE_EFFORT, ISSUE_NAMES, ISSUE_WORDING, PRODUCT_LINES } from './vocabulary.js';
import { gaussian, WeightedPicker } from './weighted.js';

/** A case before ids exist: who, what, when, and its owner history. */
export interface CaseDraft {
  readonly created: number;
  /** Null while open. */
  readonly closed: number | null;
  readonly account: number;
  readonly product: number;
  readonly issue: number;
  /** Owners in order: the first assignee, then each transfer's new owner. */
  readonly owners: readonly number[];
  /** When each transfer happened (owners[i+1] took over at transferTimes[i]). */
  readonly transferTimes: readonly number[];
  readonly status: CaseStatus;
  readonly priority: CaseRecord['Priority'];
  readonly origin: CaseRecord['Origin'];
  readonly subject: string;
  readonly description: string;
  readonly item: OrderItemDraft;
  /** The policy question of its chat, planned with the order so the two agree. */
  readonly scenario: PlannedScenario | null;
}

/** Relative case volume by calendar month: the holidays are busiest. */
const MONTH_LOAD = [1.15, 0.9, 0.9, 0.95, 1.0, 1.05, 1.1, 1.0, 0.95, 1.0, 1.25, 1.4];
const TYPICAL_HANDLE_MINUTES = 1500;
const URGENT_ISSUES = new Set(['Product Defect', 'Warranty Issue', 'Billing/Payment Issue', 'Incorrect Item Received']);

export interface CaseInputs {
  readonly count: number;
  readonly windowStartMs: number;
  readonly todayMs: number;
  readonly agents: readonly AgentTraits[];
  readonly accountStates: readonly string[];
  readonly stateFactor: Readonly<Record<string, number>>;
  readonly catalog: Catalog;
  readonly productNames: readonly string[];
  readonly orders: OrderBook;
  readonly policies: readonly PolicyFact[];
}

function dayPicker(windowStartMs: number, todayMs: number): { picker: WeightedPicker; days: number } {
  const days = Math.round((todayMs - windowStartMs) / DAY);
  const weights = new Float64Array(days);
  for (let d = 0; d < days; d++) {
    const ms = windowStartMs + d * DAY;
    const weekday = new Date(ms).getUTCDay();
    weights[d] = (1 + 0.35 * (d / days)) * MONTH_LOAD[monthOf(ms)]! * (weekday === 0 || weekday === 6 ? 0.7 : 1);
  }
  return { picker: new WeightedPicker(weights), days };
}

function productPickers(catalog: Catalog): WeightedPicker[] {
  return Array.from({ length: 12 }, (_, month) =>
    new WeightedPicker(
      catalog.traits.map((t) => {
        const gap = Math.min((month - t.peakMonth + 12) % 12, (t.peakMonth - month + 12) % 12);
        const closeness = gap === 0 ? 1 : gap === 1 ? 0.4 : 0;
        return t.defect * (1 + t.peakBoost * closeness);
      }),
    ),
  );
}

function agentPickers(agents: readonly AgentTraits[]): WeightedPicker[][] {
  return ISSUE_NAMES.map((_, issue) =>
    PRODUCT_LINES.map((__, line) => new WeightedPicker(agents.map((a) => a.workload * (a.specialties.includes(issue) ? 6 : 1) * (a.expertLines.includes(line) ? 2 : 1)))),
  );
}

function pickActive(rng: Rng, picker: WeightedPicker, agents: readonly AgentTraits[], at: number, exclude: number): number {
  let choice = -1;
  for (let tries = 0; tries < 40; tries++) {
    const a = picker.pick(rng);
    if (a !== exclude && agents[a]!.joinedMs <= at) return a;
    if (a !== exclude && choice === -1) choice = a;
  }
  for (let a = 0; a < agents.length; a++) if (a !== exclude && agents[a]!.joinedMs <= at) return a;
  return choice === -1 ? (exclude + 1) % agents.length : choice;
}

/**
 * Draws the cases: creation times follow growth, weekdays and holiday peaks; products follow their
 * defect rates and seasonal peaks; issues follow each product's weak points; the first owner is
 * drawn by workload, issue specialty and product expertise; handle time follows the issue, the
 * final owner's speed and the customer's state; some cases are transferred, recent ones are open.
 */
export function draftCases(rng: Rng, inputs: CaseInputs): CaseDraft[] {
  const { count, windowStartMs, todayMs, agents, catalog } = inputs;
  const times = rng.child('times');
  const days = dayPicker(windowStartMs, todayMs);
  const created: number[] = [];
  for (let i = 0; i < count; i++) {
    const day = windowStartMs + days.picker.pick(times) * DAY;
    const hour = times.chance(0.85) ? times.int(8, 20) : times.int(0, 23);
    created.push(day + hour * HOUR + times.int(0, 59) * MINUTE + times.int(0, 59) * 1000);
  }
  created.sort((a, b) => a - b);

  const draw = rng.child('cases');
  const products = productPickers(catalog);
  const issues = catalog.traits.map((t) => new WeightedPicker(t.issueWeights));
  const owners = agentPickers(agents);
  const accounts = new WeightedPicker(inputs.accountStates.map(() => Math.exp(0.8 * gaussian(draw))));
  const drafts: CaseDraft[] = [];
  for (const at of created) {
    const product = products[monthOf(at)]!.pick(draw);
    const traits = catalog.traits[product]!;
    const issue = issues[product]!.pick(draw);
    const account = accounts.pick(draw);
    const extras: number[] = [];
    if (draw.chance(0.35)) extras.push(draw.int(0, catalog.products.length - 1));
    if (draw.chance(0.1)) extras.push(draw.int(0, catalog.products.length - 1));
    const defaultOrderDay = startOfDay(at) - draw.int(2, 45) * DAY;

    const picker = owners[issue]![traits.line]!;
    const chain = [pickActive(draw, picker, agents, at, -1)];
    const transfers = draw.chance(agents[chain[0]!]!.transferRate) ? (draw.chance(0.25) ? 2 : 1) : 0;
    for (let t = 0; t < transfers; t++) chain.push(pickActive(draw, picker, agents, at, chain[chain.length - 1]!));
    const last = agents[chain[chain.length - 1]!]!;
    const issueName = ISSUE_NAMES[issue]!;
    const minutes = Math.max(15, TYPICAL_HANDLE_MINUTES * ISSUE_EFFORT[issueName] * last.speed * (inputs.stateFactor[inputs.accountStates[account]!] ?? 1) * Math.exp(0.7 * gaussian(draw)) * (1 + 0.35 * transfers));
    const duration = Math.round(minutes * MINUTE / 1000) * 1000;
    const fractions = Array.from({ length: transfers }, () => 0.05 + 0.55 * draw.next()).sort((a, b) => a - b);
    let transferTimes = fractions.map((f) => at + Math.round((f * duration) / 1000) * 1000);
    const stuck = at > todayMs - 90 * DAY && draw.chance(0.06);
    const closesAt = at + duration;
    const open = stuck || closesAt >= todayMs;
    let ownerChain = chain;
    if (open) {
      transferTimes = transferTimes.filter((t) => t < todayMs);
      ownerChain = chain.slice(0, transferTimes.length + 1);
    }
    const status: CaseStatus = !open ? 'Closed' : stuck ? 'Escalated' : todayMs - at < DAY ? 'New' : draw.chance(0.25) ? 'Escalated' : 'Working';
    const urgent = URGENT_ISSUES.has(issueName);
    const roll = draw.next();
    const priority: CaseRecord['Priority'] = roll < (urgent ? 0.35 : 0.15) ? 'High' : roll > 0.75 ? 'Low' : 'Medium';
    const originRoll = draw.next();
    const origin: CaseRecord['Origin'] = originRoll < 0.5 ? 'Email' : originRoll < 0.7 ? 'Web' : 'Chat';
    const scenario = origin === 'Chat' && !open ? planScenario(draw, issue, inputs.policies) : null;
    const orderDay = (scenario ? orderDayFor(draw, scenario, at) : null) ?? defaultOrderDay;
    const [item] = inputs.orders.add(account, orderDay, [product, ...extras.filter((p) => p !== product)], 'Activated');
    const previous = scenario ? previousOrderDayFor(scenario, orderDay) : null;
    if (previous !== null) {
      inputs.orders.add(account, previous, [draw.int(0, catalog.products.length - 1)], 'Activated');
      inputs.orders.keepQuiet(account, previous, orderDay);
    }
    const wording = ISSUE_WORDING[issueName];
    const name = inputs.productNames[product]!;
    drafts.push({
      created: at,
      closed: open ? null : closesAt,
      account,
      product,
      issue,
      owners: ownerChain,
      transferTimes,
      status,
      priority,
      origin,
      subject: draw.pick(wording.subjects).replace('{product}', name),
      description: draw.pick(wording.descriptions).replace('{product}', name),
      item: item!,
      scenario,
    });
  }
  return drafts;
}

/** Orders placed without a case: they make purchase histories richer than the cases alone. */
export function addBackgroundOrders(rng: Rng, orders: OrderBook, count: number, accounts: number, products: number, windowStartMs: number, todayMs: number): void {
  const span = Math.round((todayMs - windowStartMs) / DAY);
  for (let i = 0; i < count; i++) {
    const day = windowStartMs + rng.int(0, span - 1) * DAY;
    const chosen = new Set<number>([rng.int(0, products - 1)]);
    if (rng.chance(0.4)) chosen.add(rng.int(0, products - 1));
    if (rng.chance(0.15)) chosen.add(rng.int(0, products - 1));
    orders.add(rng.int(0, accounts - 1), day, [...chosen], rng.chance(0.9) ? 'Activated' : 'Draft', true);
  }
}

/**
 * The drafts whose chat claims about the previous purchase hold in the final order records; a case
 * whose quiet span another case's order fell into keeps its chat but loses the policy question.
 */
export function keepTrueClaims(drafts: readonly CaseDraft[], book: { orders: readonly OrderRecord[]; items: readonly OrderItemRecord[] }, accounts: readonly AccountRecord[]): CaseDraft[] {
  const dayOf = (order: OrderRecord) => Date.parse(`${order.EffectiveDate}T00:00:00Z`);
  const orderById = new Map(book.orders.map((o) => [o.Id, o]));
  const orderOfItem = new Map(book.items.map((i) => [i.Id, orderById.get(i.OrderId)!]));
  const daysByAccount = new Map<string, number[]>();
  for (const order of book.orders) daysByAccount.set(order.AccountId, [...(daysByAccount.get(order.AccountId) ?? []), dayOf(order)]);
  return drafts.map((draft) => {
    if (draft.scenario === null) return draft;
    const orderDay = dayOf(orderOfItem.get(draft.item.id)!);
    const previous = previousOrderDayFor(draft.scenario, orderDay);
    if (previous === null) return draft;
    const days = daysByAccount.get(accounts[draft.account]!.Id) ?? [];
    return previousPurchaseHolds(days, orderDay, previous) ? draft : { ...draft, scenario: null };
  });
}
