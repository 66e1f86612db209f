import { z } from 'zod';
import { holdingViews } from '../../../src/core/shared-json.js';
import { SharedViews } from '../../../src/core/shared-views.js';
import { defineApi, badRequest, conflict, notFound, type ToolBenchContext } from '../api.js';
import { round2 } from '../money.js';
import { nextId, type Cart, type ToolBenchState } from '../state.js';
import type { Product, ShopWorld } from '../world/shop.js';
import { rankedSearch } from './text-match.js';

const AMAZON = 'Real-Time Amazon Data';
const EBAY = 'eBay';
const CART = 'Amazon Cart API';
const domain = 'eCommerce' as const;
const PAGE = 10;

const shop = (ctx: ToolBenchContext): ShopWorld => ctx.world.shop;
const productTitle = (p: Product): string => p.title;

/** Units that can still be sold: world stock minus what this episode's orders took. */
export function available(state: ToolBenchState, product: Product): number {
  return product.stock - (state.sold[product.asin] ?? 0);
}

/** Free shipping from this subtotal up; below it a flat fee. */
export const FREE_SHIPPING_FROM = 35;
export const SHIPPING_FEE = 5.99;

const SORTS = ['RELEVANCE', 'LOWEST_PRICE', 'HIGHEST_PRICE', 'REVIEWS'] as const;

function search(w: ShopWorld, query: string, sort: (typeof SORTS)[number], category: string | undefined): Product[] {
  const wanted = category?.trim().toLowerCase();
  const { hits } = rankedSearch(w.products, productTitle, query, w.products.length, wanted === undefined ? undefined : (p) => p.category.toLowerCase() === wanted);
  switch (sort) {
    case 'LOWEST_PRICE': return hits.sort((a, b) => a.price - b.price);
    case 'HIGHEST_PRICE': return hits.sort((a, b) => b.price - a.price);
    case 'REVIEWS': return hits.sort((a, b) => b.ratings_total - a.ratings_total);
    default: return hits;
  }
}

/** A product as a search lists it; variant 1 when units are left to sell. */
const searchHit = (p: Product, _: null, inStock: string | number) => ({
  asin: p.asin,
  product_title: p.title,
  product_price: p.price,
  product_star_rating: p.rating,
  product_num_ratings: p.ratings_total,
  is_prime: p.prime,
  product_availability: inStock === 1 ? 'In Stock' : 'Currently unavailable',
});
const searchHitViews = new SharedViews(searchHit);

export const ProductSearchOutput = z.object({
  status: z.literal('OK'),
  data: z.object({
    total_products: z.number().int(),
    page: z.number().int(),
    products: z.array(z.object({ asin: z.string(), product_title: z.string(), product_price: z.number(), product_star_rating: z.number(), product_num_ratings: z.number().int(), is_prime: z.boolean(), product_availability: z.string() })),
  }),
});

export const productSearch = defineApi({
  api: 'Search',
  tool: AMAZON,
  domain,
  capability: 'shop.search',
  description: 'Amazon product search by text, 10 results per page; sort_by RELEVANCE, LOWEST_PRICE, HIGHEST_PRICE or REVIEWS; optional category.',
  input: z.object({ query: z.string(), sort_by: z.enum(SORTS).default('RELEVANCE'), category: z.string().optional(), page: z.number().int().min(1).max(50).default(1) }),
  output: ProductSearchOutput,
  handler: ({ query, sort_by, category, page }, ctx) => {
    const hits = search(shop(ctx), query, sort_by, category);
    return holdingViews({
      status: 'OK' as const,
      data: {
        total_products: hits.length,
        page,
        products: hits.slice((page - 1) * PAGE, page * PAGE).map((p) => searchHitViews.of(p, null, available(ctx.state, p) > 0 ? 1 : 0)),
      },
    });
  },
});

export const searchProductsEbay = defineApi({
  api: 'Search Products',
  tool: EBAY,
  domain,
  capability: 'shop.search',
  adapt: (a) => {
    const sort = a['sort_by'];
    const out: Record<string, string | number> = { keywords: a['query'] as string };
    if (sort === 'LOWEST_PRICE') out['sortOrder'] = 'PricePlusShippingLowest';
    else if (sort === 'HIGHEST_PRICE') out['sortOrder'] = 'CurrentPriceHighest';
    else if (sort === 'REVIEWS') out['sortOrder'] = 'BestMatch';
    if (a['category'] !== undefined) out['categoryName'] = a['category'] as string;
    if (a['page'] !== undefined) out['pageNumber'] = a['page'] as number;
    return out;
  },
  description: 'eBay listing search by keywords (item ids are the same as Amazon ASINs here); 10 items per page.',
  input: z.object({ keywords: z.string(), sortOrder: z.enum(['BestMatch', 'PricePlusShippingLowest', 'CurrentPriceHighest']).default('BestMatch'), categoryName: z.string().optional(), pageNumber: z.number().int().min(1).max(50).default(1) }),
  output: z.object({
    searchResult: z.object({
      count: z.number().int(),
      item: z.array(z.object({ itemId: z.string(), title: z.string(), sellingStatus: z.object({ currentPrice: z.object({ value: z.string(), currencyId: z.literal('USD') }) }), quantityAvailable: z.number().int(), feedbackStars: z.number() })),
    }),
    paginationOutput: z.object({ pageNumber: z.number().int(), totalEntries: z.number().int() }),
  }),
  handler: ({ keywords, sortOrder, categoryName, pageNumber }, ctx) => {
    const sort = sortOrder === 'PricePlusShippingLowest' ? 'LOWEST_PRICE' : sortOrder === 'CurrentPriceHighest' ? 'HIGHEST_PRICE' : 'RELEVANCE';
    const hits = search(shop(ctx), keywords, sort, categoryName);
    const items = hits.slice((pageNumber - 1) * PAGE, pageNumber * PAGE);
    return {
      searchResult: {
        count: items.length,
        item: items.map((p) => ({ itemId: p.asin, title: p.title, sellingStatus: { currentPrice: { value: p.price.toFixed(2), currencyId: 'USD' as const } }, quantityAvailable: Math.max(0, available(ctx.state, p)), feedbackStars: p.rating })),
      },
      paginationOutput: { pageNumber, totalEntries: hits.length },
    };
  },
});

export const ProductDetailsOutput = z.object({
  status: z.literal('OK'),
  data: z.object({ asin: z.string(), product_title: z.string(), brand: z.string(), category: z.string(), product_price: z.number(), product_original_price: z.number(), product_star_rating: z.number(), product_num_ratings: z.number().int(), units_in_stock: z.number().int(), is_prime: z.boolean() }),
});

/** A product's whole details output; the units in stock (state-derived) are the variant. */
const productDetail = (p: Product, _: null, units: string | number) => ({
  status: 'OK' as const,
  data: { asin: p.asin, product_title: p.title, brand: p.brand, category: p.category, product_price: p.price, product_original_price: p.list_price, product_star_rating: p.rating, product_num_ratings: p.ratings_total, units_in_stock: Number(units), is_prime: p.prime },
});
const productDetailViews = new SharedViews(productDetail);

export const productDetails = defineApi({
  api: 'Product Details',
  tool: AMAZON,
  domain,
  capability: 'shop.details',
  description: 'Details of one product by ASIN: brand, category, price and original price, rating, units in stock.',
  input: z.object({ asin: z.string() }),
  output: ProductDetailsOutput,
  handler: ({ asin }, ctx) => {
    const p = shop(ctx).productByAsin.get(asin.trim());
    if (!p) return notFound('product', asin);
    return productDetailViews.of(p, null, Math.max(0, available(ctx.state, p)));
  },
});

export const getItemEbay = defineApi({
  api: 'Get Item',
  tool: EBAY,
  domain,
  capability: 'shop.details',
  adapt: (a) => ({ item_id: a['asin']! }),
  description: 'eBay item record by item id.',
  input: z.object({ item_id: z.string() }),
  output: z.object({ Item: z.object({ ItemID: z.string(), Title: z.string(), Brand: z.string(), PrimaryCategoryName: z.string(), CurrentPrice: z.object({ Value: z.number(), CurrencyID: z.literal('USD') }), Quantity: z.number().int(), FeedbackStars: z.number(), ReviewCount: z.number().int() }) }),
  handler: ({ item_id }, ctx) => {
    const p = shop(ctx).productByAsin.get(item_id.trim());
    if (!p) return notFound('item', item_id);
    return { Item: { ItemID: p.asin, Title: p.title, Brand: p.brand, PrimaryCategoryName: p.category, CurrentPrice: { Value: p.price, CurrencyID: 'USD' as const }, Quantity: Math.max(0, available(ctx.state, p)), FeedbackStars: p.rating, ReviewCount: p.ratings_total } };
  },
});

export const ReviewsOutput = z.object({
  status: z.literal('OK'),
  data: z.object({ asin: z.string(), total_reviews: z.number().int(), reviews: z.array(z.object({ review_id: z.string(), review_title: z.string(), review_star_rating: z.number().int(), review_date: z.string(), is_verified_purchase: z.boolean() })) }),
});

/** A product's whole reviews output for a star filter and a page: the variant is `${star_rating} ${page}`. */
function reviewPage(p: Product, w: ShopWorld, variant: string | number) {
  const [starRating, pageText] = String(variant).split(' ') as [string, string];
  const page = Number(pageText);
  const stars = starRating === 'ALL' ? null : Number(starRating[0]);
  const list = (w.reviewsByAsin.get(p.asin) ?? []).filter((r) => stars === null || r.rating === stars);
  return {
    status: 'OK' as const,
    data: { asin: p.asin, total_reviews: list.length, reviews: list.slice((page - 1) * 10, page * 10).map((r) => ({ review_id: r.id, review_title: r.title, review_star_rating: r.rating, review_date: r.date, is_verified_purchase: r.verified })) },
  };
}
const reviewPageViews = new SharedViews(reviewPage);

export const productReviews = defineApi({
  api: 'Product Reviews',
  tool: AMAZON,
  domain,
  description: 'Customer reviews of a product, newest first, optionally only those with a given star rating; 10 per page.',
  input: z.object({ asin: z.string(), star_rating: z.enum(['ALL', '5_STARS', '4_STARS', '3_STARS', '2_STARS', '1_STARS']).default('ALL'), page: z.number().int().min(1).max(20).default(1) }),
  output: ReviewsOutput,
  handler: ({ asin, star_rating, page }, ctx) => {
    const w = shop(ctx);
    const p = w.productByAsin.get(asin.trim());
    if (!p) return notFound('product', asin);
    return reviewPageViews.of(p, w, `${star_rating} ${page}`);
  },
});

export const CartOutput = z.object({ cart: z.object({ items: z.array(z.object({ asin: z.string(), title: z.string(), quantity: z.number().int(), unit_price: z.number() })), item_count: z.number().int(), subtotal: z.number() }) });

const cartView = (cart: Cart) => ({ cart: { items: cart.items.map((i) => ({ asin: i.item_id, title: i.name, quantity: i.quantity, unit_price: i.unit_price })), item_count: cart.item_count, subtotal: cart.subtotal } });

/** Recomputes the cart's derived totals after a change. */
function retotal(cart: Cart): void {
  cart.item_count = cart.items.reduce((s, i) => s + i.quantity, 0);
  cart.subtotal = round2(cart.items.reduce((s, i) => s + i.quantity * i.unit_price, 0));
}

export const addToCart = defineApi({
  api: 'Add To Cart',
  tool: CART,
  domain,
  writes: true,
  description: 'Adds units of a product (by ASIN) to the shopping cart; there must be enough stock.',
  input: z.object({ asin: z.string(), quantity: z.number().int().min(1).max(20).default(1) }),
  output: CartOutput,
  handler: ({ asin, quantity }, ctx) => {
    const p = shop(ctx).productByAsin.get(asin.trim());
    if (!p) return notFound('product', asin);
    const cart = ctx.state.cart;
    const line = cart.items.find((i) => i.item_id === p.asin);
    const wanted = quantity + (line?.quantity ?? 0);
    if (wanted > available(ctx.state, p)) return conflict(`only ${Math.max(0, available(ctx.state, p))} units of ${p.asin} are in stock`);
    if (line) line.quantity = wanted;
    else cart.items.push({ item_id: p.asin, name: p.title, quantity, unit_price: p.price });
    retotal(cart);
    return cartView(cart);
  },
});

export const removeFromCart = defineApi({
  api: 'Remove From Cart',
  tool: CART,
  domain,
  writes: true,
  description: 'Removes a product from the cart entirely.',
  input: z.object({ asin: z.string() }),
  output: CartOutput,
  handler: ({ asin }, ctx) => {
    const cart = ctx.state.cart;
    const at = cart.items.findIndex((i) => i.item_id === asin.trim());
    if (at === -1) return notFound('cart item', asin);
    cart.items.splice(at, 1);
    retotal(cart);
    return cartView(cart);
  },
});

export const getCart = defineApi({
  api: 'Get Cart',
  tool: CART,
  domain,
  description: 'The current shopping cart with its subtotal.',
  input: z.object({}),
  output: CartOutput,
  handler: (_args, ctx) => cartView(ctx.state.cart),
});

export const ShopOrderOutput = z.object({
  order_id: z.string(),
  items: z.array(z.object({ asin: z.string(), title: z.string(), quantity: z.number().int(), unit_price: z.number() })),
  subtotal: z.number(),
  shipping: z.number(),
  total: z.number(),
  shipping_address: z.string(),
  status: z.string(),
});

const orderView = (o: { id: string; items: { item_id: string; name: string; quantity: number; unit_price: number }[]; subtotal: number; shipping: number; total: number; address: string }) => ({
  order_id: o.id,
  items: o.items.map((i) => ({ asin: i.item_id, title: i.name, quantity: i.quantity, unit_price: i.unit_price })),
  subtotal: o.subtotal,
  shipping: o.shipping,
  total: o.total,
  shipping_address: o.address,
  status: 'processing',
});

export const checkout = defineApi({
  api: 'Checkout',
  tool: CART,
  domain,
  writes: true,
  description: `Places an order for everything in the cart and empties it. Shipping is free from $${FREE_SHIPPING_FROM}, otherwise $${SHIPPING_FEE}.`,
  input: z.object({ shipping_address: z.string().min(5).max(200) }),
  output: ShopOrderOutput,
  handler: ({ shipping_address }, ctx) => {
    const w = shop(ctx);
    const cart = ctx.state.cart;
    if (cart.items.length === 0) return badRequest('the cart is empty');
    for (const line of cart.items) {
      const p = w.productByAsin.get(line.item_id)!;
      if (line.quantity > available(ctx.state, p)) return conflict(`only ${Math.max(0, available(ctx.state, p))} units of ${p.asin} are left`);
    }
    for (const line of cart.items) ctx.state.sold[line.item_id] = (ctx.state.sold[line.item_id] ?? 0) + line.quantity;
    const subtotal = cart.subtotal;
    const shipping = subtotal >= FREE_SHIPPING_FROM ? 0 : SHIPPING_FEE;
    const order = { id: nextId(ctx.state, 'AMZ'), items: cart.items.map((i) => ({ ...i })), subtotal, shipping, total: round2(subtotal + shipping), address: shipping_address };
    ctx.state.shopOrders.push(order);
    cart.items = [];
    retotal(cart);
    return orderView(order);
  },
});

export const getShopOrder = defineApi({
  api: 'Get Order',
  tool: CART,
  domain,
  description: 'A placed order by id.',
  input: z.object({ order_id: z.string() }),
  output: ShopOrderOutput,
  handler: ({ order_id }, ctx) => {
    const o = ctx.state.shopOrders.find((x) => x.id === order_id);
    return o ? orderView(o) : notFound('order', order_id);
  },
});

export const shopTools = [productSearch, searchProductsEbay, productDetails, getItemEbay, productReviews, addToCart, removeFromCart, getCart, checkout, getShopOrder];
