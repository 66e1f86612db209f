import { z } from 'zod';
import { ref } from '../../../src/index.js';
import {
  addToCart, checkout, getCart, getShopOrder, productDetails, productReviews, productSearch, removeFromCart,
  type CartOutput, type ProductDetailsOutput, type ProductSearchOutput, type ReviewsOutput, type ShopOrderOutput,
} from '../tools/shop.js';
import { US_PLACES } from '../world/places.js';
import { LAST_NAMES } from '../world/names.js';
import { output, toolbenchTemplate, uniqueMin, type Outputs, type SampleScope } from './define.js';
import { FirstIndex } from '../world/first-index.js';

const productByTitle = new FirstIndex((p: { readonly title: string }) => p.title);

type Search = z.infer<typeof ProductSearchOutput>;

const domain = 'eCommerce' as const;

const productTitle = (description: string, minStock: number, exclude: string[] = []) => ({
  schema: z.string().min(1),
  description,
  sample: ({ world, rng, values }: SampleScope) => rng.pick(world.shop.products.filter((p) => p.stock >= minStock && !exclude.some((e) => values[e] === p.title))).title,
});
const foundFirst = (outputs: Outputs, step: string, title: unknown): boolean => output<Search>(outputs, step).data.products[0]?.product_title === title;

export const shopUnitsInStock = toolbenchTemplate({
  id: 'ecommerce.units_in_stock',
  domain,
  split: 'train',
  text: 'How many units of the "{product}" are in stock right now?',
  paraphrases: ['Check the stock level of {product}: how many units are available?'],
  placeholders: { product: productTitle('a product title', 0) },
  path: [
    { name: 'search', tool: productSearch.name, args: { query: ref.placeholder('product') } },
    { name: 'details', tool: productDetails.name, args: { asin: ref.output('search', 'data.products.0.asin') } },
  ],
  answer: ({ outputs }) => output<z.infer<typeof ProductDetailsOutput>>(outputs, 'details').data.units_in_stock,
  compare: { kind: 'number', tolerance: 0 },
  accept: ({ outputs, values }) => foundFirst(outputs, 'search', values['product']) || 'the product is not the first hit',
});

export const shopFiveStarVerified = toolbenchTemplate({
  id: 'ecommerce.five_star_verified',
  domain,
  split: 'train',
  text: 'How many 5-star reviews of the "{product}" come from verified purchases?',
  paraphrases: ['Count the verified-purchase reviews that give {product} five stars.'],
  placeholders: { product: productTitle('a product title', 0) },
  path: [
    { name: 'search', tool: productSearch.name, args: { query: ref.placeholder('product') } },
    { name: 'reviews', tool: productReviews.name, args: { asin: ref.output('search', 'data.products.0.asin'), star_rating: ref.literal('5_STARS') } },
  ],
  answer: ({ outputs }) => output<z.infer<typeof ReviewsOutput>>(outputs, 'reviews').data.reviews.filter((r) => r.is_verified_purchase).length,
  compare: { kind: 'number', tolerance: 0 },
  accept: ({ outputs, values }) => foundFirst(outputs, 'search', values['product']) || 'the product is not the first hit',
});

const quantity = { schema: z.number().int().min(1).max(3), description: 'units', sample: ({ rng }: SampleScope) => rng.int(1, 3) };

export const shopCartSubtotal = toolbenchTemplate({
  id: 'ecommerce.cart_subtotal',
  writes: ['cart'],
  domain,
  split: 'train',
  text: 'Put {qa} x "{a}" and {qb} x "{b}" in my cart. What is the cart subtotal then?',
  paraphrases: ['Add {qa} of {a} and {qb} of {b} to the shopping cart and tell me the subtotal.'],
  placeholders: { a: productTitle('a product in stock', 3), qa: quantity, b: productTitle('another product in stock', 3, ['a']), qb: quantity },
  path: [
    { name: 'search_a', tool: productSearch.name, args: { query: ref.placeholder('a') } },
    { name: 'search_b', tool: productSearch.name, args: { query: ref.placeholder('b') } },
    { name: 'add_a', tool: addToCart.name, args: { asin: ref.output('search_a', 'data.products.0.asin'), quantity: ref.placeholder('qa') } },
    { name: 'add_b', tool: addToCart.name, args: { asin: ref.output('search_b', 'data.products.0.asin'), quantity: ref.placeholder('qb') } },
    { name: 'cart', tool: getCart.name, args: {} },
  ],
  answer: ({ outputs }) => output<z.infer<typeof CartOutput>>(outputs, 'cart').cart.subtotal,
  compare: { kind: 'number', tolerance: 0.01 },
  accept: ({ outputs, values }) => (foundFirst(outputs, 'search_a', values['a']) && foundFirst(outputs, 'search_b', values['b'])) || 'a product is not the first hit',
  checkState: ({ state, world, values }) => {
    const want = new Map<string, number>();
    for (const [title, q] of [[values['a'], values['qa']], [values['b'], values['qb']]] as const) {
      const p = productByTitle.find(world.shop.products, title);
      if (p) want.set(p.asin, q as number);
    }
    const ok = state.cart.items.length === want.size && state.cart.items.every((i) => want.get(i.item_id) === i.quantity);
    return ok ? null : 'the cart should hold exactly the two products in the asked quantities';
  },
  offer: { extra: [removeFromCart.name] },
});

const cheapestGood = (outputs: Outputs) =>
  uniqueMin(output<Search>(outputs, 'search').data.products.filter((p) => p.product_star_rating >= 4 && p.product_availability === 'In Stock'), (p) => p.product_price);

export const shopCheapestCheckout = toolbenchTemplate({
  id: 'ecommerce.cheapest_checkout',
  writes: ['cart', 'shopOrders'],
  domain,
  split: 'unseen-instruction',
  text: 'Order one of the cheapest {kind} that is in stock and rated at least 4 stars, shipped to {address}. What is the order total including shipping?',
  paraphrases: ['Buy the lowest-priced in-stock {kind} with 4+ stars and send it to {address}; how much did the order cost in total?'],
  placeholders: {
    kind: { schema: z.string().min(1), description: 'a kind of product', sample: ({ world, rng }: SampleScope) => rng.pick(world.shop.kinds) },
    address: { schema: z.string().min(5), description: 'a US street address', sample: ({ rng }: SampleScope) => `${rng.int(10, 999)} ${rng.pick(LAST_NAMES)} Ave, ${rng.pick(US_PLACES).city}` },
  },
  path: [
    { name: 'search', tool: productSearch.name, args: { query: ref.placeholder('kind'), sort_by: ref.literal('LOWEST_PRICE') } },
    { name: 'add', tool: addToCart.name, args: { asin: ref.compute(({ outputs }) => cheapestGood(outputs)?.asin ?? '', ['search']), quantity: ref.literal(1) } },
    { name: 'order', tool: checkout.name, args: { shipping_address: ref.placeholder('address') } },
    { name: 'status', tool: getShopOrder.name, args: { order_id: ref.output('order', 'order_id') } },
  ],
  answer: ({ outputs }) => output<z.infer<typeof ShopOrderOutput>>(outputs, 'status').total,
  compare: { kind: 'number', tolerance: 0.01 },
  accept: ({ outputs }) => {
    const page = output<Search>(outputs, 'search').data;
    const best = cheapestGood(outputs);
    // Sorted by price, the first page's cheapest good product is the cheapest of all, unless the page ends at its price.
    const settled = page.total_products <= page.products.length || (best !== null && best.product_price < page.products.at(-1)!.product_price);
    return (best !== null && settled) || 'no single cheapest good product on the first page';
  },
  checkState: ({ state, world, values }) => {
    const eligible = world.shop.products.filter((p) => p.kind === values['kind'] && p.rating >= 4 && p.stock > 0).sort((a, b) => a.price - b.price)[0];
    const ok = state.shopOrders.length === 1 && state.shopOrders[0]!.items.length === 1 && state.shopOrders[0]!.items[0]!.item_id === eligible?.asin && state.shopOrders[0]!.address === values['address'];
    return ok ? null : `expected one order of ${eligible?.title ?? '?'} to ${String(values['address'])}`;
  },
});

export const shopTemplates = [shopUnitsInStock, shopFiveStarVerified, shopCartSubtotal, shopCheapestCheckout];
