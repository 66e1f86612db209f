import type { IssueName } from './vocabulary.js';

/**
 * A store policy with one numeric limit. `max` limits allow a request only up to the limit (a return
 * within 30 days); `min` limits allow it only beyond the limit (a late fee refunded only when the
 * parcel is more than 7 days late). An agent who grants a request the limit does not allow breaks it.
 */
export interface PolicyDefinition {
  readonly key: string;
  readonly title: string;
  /** Words that find the policy's article. */
  readonly searchTerm: string;
  readonly issues: readonly IssueName[];
  readonly limits: readonly number[];
  readonly unit: 'days' | 'hours' | 'months' | 'dollars';
  readonly kind: 'max' | 'min';
  /**
   * What the chat's value counts from, when it is this order's age: its purchase or its delivery;
   * `previous-purchase`: the months between the account's previous order and this one.
   */
  readonly since?: 'purchase' | 'delivery' | 'previous-purchase';
  readonly summary: (limit: number) => string;
  readonly body: (limit: number) => string;
  /** The KQA question this article answers, and the short answer. */
  readonly question: string;
  readonly answer: (limit: number) => string;
  /** The customer's request, mentioning the value (days since delivery and the like). */
  readonly request: (product: string, value: number) => string;
  readonly grant: (product: string) => string;
  readonly refuse: (limit: number) => string;
}

export const POLICIES: readonly PolicyDefinition[] = [
  {
    key: 'return-window',
    since: 'delivery',
    title: 'Return Window Policy',
    searchTerm: 'return window',
    issues: ['Return Policy Issue', 'Incorrect Item Received'],
    limits: [30, 45, 60],
    unit: 'days',
    kind: 'max',
    summary: (n) => `Items can be returned for a refund within ${n} days of delivery.`,
    body: (n) =>
      `Unused items in their original packaging can be returned within ${n} days of delivery for a full refund to the original payment method. Requests made after the return window has closed must be declined; agents may instead point customers to the warranty process.`,
    question: 'How many days after delivery can an item still be returned?',
    answer: (n) => `Within ${n} days of delivery`,
    request: (product, value) => `I want to return the ${product}. It was delivered ${value} days ago.`,
    grant: () => 'No problem, I have approved the return and emailed you a prepaid shipping label.',
    refuse: (n) => `I am sorry, but returns are only accepted within ${n} days of delivery, so I cannot approve this one.`,
  },
  {
    key: 'price-adjustment',
    since: 'purchase',
    title: 'Price Adjustment Policy',
    searchTerm: 'price adjustment',
    issues: ['Billing/Payment Issue'],
    limits: [7, 14, 21],
    unit: 'days',
    kind: 'max',
    summary: (n) => `A price drop is refunded if it happens within ${n} days of purchase.`,
    body: (n) =>
      `If the price of an item drops within ${n} days of purchase, the customer may ask for the difference to be refunded. Price adjustments are not available once ${n} days have passed since the purchase date.`,
    question: 'Within how many days of purchase is a price adjustment possible?',
    answer: (n) => `Within ${n} days of purchase`,
    request: (product, value) => `The ${product} I bought ${value} days ago is now cheaper. Can I get the difference back?`,
    grant: () => 'Sure, I have refunded the price difference to your card.',
    refuse: (n) => `Unfortunately price adjustments are only possible within ${n} days of purchase.`,
  },
  {
    key: 'order-cancellation',
    since: 'purchase',
    title: 'Order Cancellation Policy',
    searchTerm: 'cancellation',
    issues: ['Order Cancellation'],
    limits: [12, 24, 48],
    unit: 'hours',
    kind: 'max',
    summary: (n) => `Orders can be cancelled free of charge within ${n} hours of being placed.`,
    body: (n) =>
      `Customers may cancel an order within ${n} hours of placing it. After ${n} hours the order is handed to the warehouse and can no longer be cancelled; the customer can return it once it arrives.`,
    question: 'How long after placing an order can it still be cancelled?',
    answer: (n) => `Within ${n} hours of placing it`,
    request: (product, value) => `Please cancel my order for the ${product}. I placed it ${value} hours ago.`,
    grant: () => 'Done, the order is cancelled and you will not be charged.',
    refuse: (n) => `I am afraid orders can only be cancelled within ${n} hours; yours is already with the warehouse.`,
  },
  {
    key: 'warranty-period',
    since: 'purchase',
    title: 'Product Warranty Policy',
    searchTerm: 'warranty period',
    issues: ['Warranty Issue', 'Product Defect'],
    limits: [6, 12, 24],
    unit: 'months',
    kind: 'max',
    summary: (n) => `Products are covered against defects for ${n} months from the purchase date.`,
    body: (n) =>
      `Our warranty period covers manufacturing defects for ${n} months from the purchase date. Claims for items bought more than ${n} months ago cannot be accepted as warranty repairs or replacements.`,
    question: 'How long does the warranty cover manufacturing defects?',
    answer: (n) => `${n} months from the purchase date`,
    request: (product, value) => `My ${product} has a fault. I bought it ${value} months ago. Can I get it replaced under warranty?`,
    grant: () => 'I have registered the warranty claim and a replacement is on its way.',
    refuse: (n) => `I am sorry, the warranty only covers ${n} months from purchase, so this claim cannot be accepted.`,
  },
  {
    key: 'size-exchange',
    since: 'delivery',
    title: 'Size Exchange Policy',
    searchTerm: 'size exchange',
    issues: ['Size Mismatch'],
    limits: [30, 60, 90],
    unit: 'days',
    kind: 'max',
    summary: (n) => `Items can be exchanged for another size within ${n} days of delivery.`,
    body: (n) =>
      `A size exchange is free within ${n} days of delivery, provided the item is unworn. Exchanges requested later than ${n} days after delivery are not possible.`,
    question: 'How many days do customers have to exchange an item for another size?',
    answer: (n) => `Within ${n} days of delivery`,
    request: (product, value) => `The ${product} is the wrong size. It arrived ${value} days ago. Can I swap it for another size?`,
    grant: () => 'Of course, I have set up the exchange and the new size ships today.',
    refuse: (n) => `I am sorry, size exchanges are only possible within ${n} days of delivery.`,
  },
  {
    key: 'late-delivery',
    title: 'Late Delivery Compensation Policy',
    searchTerm: 'late delivery',
    issues: ['Shipping Delay'],
    limits: [5, 7, 10],
    unit: 'days',
    kind: 'min',
    summary: (n) => `Shipping fees are refunded when a parcel arrives more than ${n} days late.`,
    body: (n) =>
      `When a delivery is more than ${n} days late (counted from the promised date), the shipping fee is refunded. Shorter delays do not qualify for a shipping refund.`,
    question: 'How late must a delivery be before the shipping fee is refunded?',
    answer: (n) => `More than ${n} days late`,
    request: (product, value) => `My ${product} arrived ${value} days after the promised date. I would like my shipping fee back.`,
    grant: () => 'I understand, I have refunded your shipping fee.',
    refuse: (n) => `I am sorry for the wait, but shipping fees are only refunded for delays of more than ${n} days.`,
  },
  {
    key: 'loyalty-expiry',
    since: 'previous-purchase',
    title: 'Loyalty Points Expiry Policy',
    searchTerm: 'loyalty points',
    issues: ['Loyalty Program Inquiry'],
    limits: [6, 12, 18],
    unit: 'months',
    kind: 'max',
    summary: (n) => `Loyalty points expire after ${n} months without a purchase.`,
    body: (n) =>
      `Loyalty points stay valid while the member keeps shopping: they expire after ${n} months without a purchase. Expired points cannot be reinstated by support.`,
    question: 'After how long without a purchase do loyalty points expire?',
    answer: (n) => `After ${n} months without a purchase`,
    request: (product, value) => `My loyalty points disappeared. Before I ordered the ${product}, my last purchase had been ${value} months earlier. Can you restore them?`,
    grant: () => 'I have restored your points; they are back in your balance.',
    refuse: (n) => `I am sorry, points expire after ${n} months without a purchase and cannot be restored.`,
  },
  {
    key: 'goodwill-credit',
    title: 'Goodwill Credit Policy',
    searchTerm: 'goodwill credit',
    issues: ['Product Availability', 'Billing/Payment Issue'],
    limits: [20, 25, 50],
    unit: 'dollars',
    kind: 'max',
    summary: (n) => `Agents may offer goodwill store credit of up to $${n} per case.`,
    body: (n) =>
      `To make up for an inconvenience, an agent may add goodwill store credit to a customer account: up to $${n} per case. Larger amounts need a manager and may not be granted by the agent.`,
    question: 'What is the most goodwill store credit an agent may give on a case?',
    answer: (n) => `Up to $${n} per case`,
    request: (product, value) => `This trouble with the ${product} has cost me a lot of time. I think $${value} in store credit would be fair.`,
    grant: () => 'You are right, I have added that store credit to your account.',
    refuse: (n) => `I can offer at most $${n} in goodwill credit, so I cannot add the amount you asked for.`,
  },
];

/** Whether granting a request of `value` is allowed by a policy with `limit`. */
export function allows(policy: PolicyDefinition, limit: number, value: number): boolean {
  return policy.kind === 'max' ? value <= limit : value > limit;
}
