import { z } from 'zod';
import { holdingViews } from '../../../src/core/shared-json.js';
import { SharedViews } from '../../../src/core/shared-views.js';
import { defineApi, badRequest, notFound, type ToolBenchContext } from '../api.js';
import { round2 } from '../money.js';
import { nextId, type LineItem } from '../state.js';
import type { FoodWorld, Recipe, Restaurant } from '../world/food.js';
import { findPlace } from '../world/places.js';
import { lowerNames, matchScore, prepareQuery, rankedSearch } from './text-match.js';

const YELP = 'Yelp';
const TRIPADVISOR = 'Tripadvisor';
const DOORDASH = 'DoorDash';
const SPOONACULAR = 'Spoonacular';
const EDAMAM = 'Edamam Recipe Search';
const UBER_EATS = 'Uber Eats';
const domain = 'Food' as const;

const food = (ctx: ToolBenchContext): FoodWorld => ctx.world.food;
const recipeTitle = (r: Recipe): string => r.title;
const dollars = (level: number): string => '$'.repeat(level);
const yelpBusiness = (r: Restaurant) => ({
  id: r.id,
  name: r.name,
  rating: r.rating,
  review_count: r.review_count,
  price: dollars(r.price_level),
  categories: [{ title: r.cuisine }],
  location: { address1: r.address, city: r.city },
  phone: r.phone,
});
const yelpBusinessViews = new SharedViews(yelpBusiness);

function findRestaurants(ctx: ToolBenchContext, location: string, term: string | undefined, maxPrice: number | undefined): Restaurant[] | null {
  const place = findPlace(location);
  if (!place) return null;
  const inCity = food(ctx).restaurantsByCity.get(place.city) ?? NO_RESTAURANTS;
  const q = prepareQuery(term ?? '');
  const names = lowerNames(inCity, restaurantName);
  const cuisines = lowerNames(inCity, restaurantCuisine);
  const out: Restaurant[] = [];
  for (let i = 0; i < inCity.length; i++) {
    const r = inCity[i]!;
    if ((maxPrice === undefined || r.price_level <= maxPrice) && (q.text === '' || matchScore(names[i]!, q) > 0 || cuisines[i] === q.text)) out.push(r);
  }
  return out;
}
const NO_RESTAURANTS: readonly Restaurant[] = [];
const restaurantName = (r: Restaurant): string => r.name;
const restaurantCuisine = (r: Restaurant): string => r.cuisine;

export const BusinessSearchOutput = z.object({
  total: z.number().int(),
  businesses: z.array(z.object({
    id: z.string(),
    name: z.string(),
    rating: z.number(),
    review_count: z.number().int(),
    price: z.string(),
    categories: z.array(z.object({ title: z.string() })),
    location: z.object({ address1: z.string(), city: z.string() }),
    phone: z.string(),
  })),
});

export const businessSearch = defineApi({
  api: 'Business Search',
  tool: YELP,
  domain,
  capability: 'food.restaurant_search',
  description: 'Restaurants in a city, optionally matching a name or cuisine term and at most a price level (1=$ to 4=$$$$); sort by best_match or rating.',
  input: z.object({
    location: z.string().describe('City name'),
    term: z.string().optional().describe('Restaurant name or cuisine'),
    max_price: z.number().int().min(1).max(4).optional(),
    sort_by: z.enum(['best_match', 'rating']).default('best_match'),
  }),
  output: BusinessSearchOutput,
  handler: ({ location, term, max_price, sort_by }, ctx) => {
    const hits = findRestaurants(ctx, location, term, max_price);
    if (hits === null) return badRequest(`location ${JSON.stringify(location)} is not supported`);
    const ordered = sort_by === 'rating' ? [...hits].sort((a, b) => b.rating - a.rating) : hits;
    return holdingViews({ total: ordered.length, businesses: ordered.map((r) => yelpBusinessViews.of(r, null)) });
  },
});

export const searchRestaurantsTripadvisor = defineApi({
  api: 'Search Restaurants',
  tool: TRIPADVISOR,
  domain,
  capability: 'food.restaurant_search',
  adapt: (a) => {
    const out: Record<string, string | number> = { city: a['location'] as string };
    if (a['term'] !== undefined) out['query'] = a['term'] as string;
    if (a['max_price'] !== undefined) out['priceLevelMax'] = a['max_price'] as number;
    return out;
  },
  description: 'Tripadvisor restaurants of a city (ratings out of 5, price tag like "$$ - $$$").',
  input: z.object({ city: z.string(), query: z.string().optional(), priceLevelMax: z.number().int().min(1).max(4).optional() }),
  output: z.object({
    status: z.boolean(),
    data: z.array(z.object({ restaurantsId: z.string(), name: z.string(), averageRating: z.number(), userReviewCount: z.number().int(), priceTag: z.string(), establishmentTypeAndCuisineTags: z.array(z.string()) })),
  }),
  handler: ({ city, query, priceLevelMax }, ctx) => {
    const hits = findRestaurants(ctx, city, query, priceLevelMax);
    if (hits === null) return { status: false, data: [] };
    return {
      status: true,
      data: hits.map((r) => ({
        restaurantsId: r.id,
        name: r.name,
        averageRating: r.rating,
        userReviewCount: r.review_count,
        priceTag: r.price_level === 1 ? '$' : `${dollars(r.price_level - 1)} - ${dollars(r.price_level)}`,
        establishmentTypeAndCuisineTags: ['Restaurants', r.cuisine],
      })),
    };
  },
});

export const MenuOutput = z.object({
  store: z.object({ id: z.string(), name: z.string(), delivery_fee: z.number() }),
  menu: z.array(z.object({ item_id: z.string(), name: z.string(), price: z.number(), calories: z.number().int(), is_vegetarian: z.boolean() })),
});

/** A restaurant's whole DoorDash menu output: one view per restaurant. */
const menuOutput = (r: Restaurant, w: FoodWorld) => ({
  store: { id: r.id, name: r.name, delivery_fee: r.delivery_fee },
  menu: (w.menuByRestaurant.get(r.id) ?? []).map((m) => ({ item_id: m.id, name: m.name, price: m.price, calories: m.calories, is_vegetarian: m.vegetarian })),
});
const menuViews = new SharedViews(menuOutput);

export const getMenu = defineApi({
  api: 'Get Menu',
  tool: DOORDASH,
  domain,
  capability: 'food.menu',
  description: "A restaurant's delivery menu (store id = restaurant id): item ids, prices in USD, calories and whether each dish is vegetarian, plus the delivery fee.",
  input: z.object({ store_id: z.string() }),
  output: MenuOutput,
  handler: ({ store_id }, ctx) => {
    const w = food(ctx);
    const r = w.restaurantById.get(store_id);
    if (!r) return notFound('store', store_id);
    return menuViews.of(r, w);
  },
});

export const DeliveryOrderOutput = z.object({
  order_id: z.string(),
  store_id: z.string(),
  items: z.array(z.object({ item_id: z.string(), name: z.string(), quantity: z.number().int(), unit_price: z.number() })),
  subtotal: z.number(),
  delivery_fee: z.number(),
  total: z.number(),
  status: z.string(),
});

const orderView = (o: { id: string; restaurant_id: string; items: LineItem[]; subtotal: number; delivery_fee: number; total: number }) => ({
  order_id: o.id,
  store_id: o.restaurant_id,
  items: o.items.map((i) => ({ ...i })),
  subtotal: o.subtotal,
  delivery_fee: o.delivery_fee,
  total: o.total,
  status: 'placed',
});

export const createDeliveryOrder = defineApi({
  api: 'Create Order',
  tool: DOORDASH,
  domain,
  writes: true,
  description: 'Places a delivery order of menu items (all from one store) and returns its id and total including the delivery fee.',
  input: z.object({ store_id: z.string(), items: z.array(z.object({ item_id: z.string(), quantity: z.number().int().min(1).max(20) })).min(1).max(10) }),
  output: DeliveryOrderOutput,
  handler: ({ store_id, items }, ctx) => {
    const w = food(ctx);
    const r = w.restaurantById.get(store_id);
    if (!r) return notFound('store', store_id);
    const lines: LineItem[] = [];
    for (const { item_id, quantity } of items) {
      const m = w.menuItemById.get(item_id);
      if (!m || m.restaurant_id !== r.id) return badRequest(`item ${item_id} is not on the menu of ${r.name}`);
      const existing = lines.find((l) => l.item_id === m.id);
      if (existing) existing.quantity += quantity;
      else lines.push({ item_id: m.id, name: m.name, quantity, unit_price: m.price });
    }
    const subtotal = round2(lines.reduce((s, l) => s + l.quantity * l.unit_price, 0));
    const order = { id: nextId(ctx.state, 'DD'), restaurant_id: r.id, items: lines, subtotal, delivery_fee: r.delivery_fee, total: round2(subtotal + r.delivery_fee) };
    ctx.state.foodOrders.push(order);
    return orderView(order);
  },
});

export const getDeliveryOrder = defineApi({
  api: 'Get Order',
  tool: DOORDASH,
  domain,
  description: 'A placed delivery order by id.',
  input: z.object({ order_id: z.string() }),
  output: DeliveryOrderOutput,
  handler: ({ order_id }, ctx) => {
    const order = ctx.state.foodOrders.find((o) => o.id === order_id);
    return order ? orderView(order) : notFound('order', order_id);
  },
});

function recipeFilter(cuisine: string | undefined, maxMinutes: number | undefined): ((r: Recipe) => boolean) | undefined {
  if (cuisine === undefined && maxMinutes === undefined) return undefined;
  const wanted = cuisine?.trim().toLowerCase();
  return (r) => (wanted === undefined || r.cuisine.toLowerCase() === wanted) && (maxMinutes === undefined || r.ready_in_minutes <= maxMinutes);
}

export const RecipeSearchOutput = z.object({ totalResults: z.number().int(), results: z.array(z.object({ id: z.string(), title: z.string(), readyInMinutes: z.number().int(), servings: z.number().int() })) });

export const searchRecipes = defineApi({
  api: 'Search Recipes',
  tool: SPOONACULAR,
  domain,
  capability: 'food.recipe_search',
  description: 'Recipes whose title matches the query, best match first; cuisine and maxReadyTime (minutes) narrow the results.',
  input: z.object({ query: z.string(), cuisine: z.string().optional(), maxReadyTime: z.number().int().min(1).max(600).optional(), number: z.number().int().min(1).max(20).default(10) }),
  output: RecipeSearchOutput,
  handler: ({ query, cuisine, maxReadyTime, number }, ctx) => {
    const { hits, total } = rankedSearch(food(ctx).recipes, recipeTitle, query, number, recipeFilter(cuisine, maxReadyTime));
    return { totalResults: total, results: hits.map((r) => ({ id: r.id, title: r.title, readyInMinutes: r.ready_in_minutes, servings: r.servings })) };
  },
});

export const recipeSearchEdamam = defineApi({
  api: 'Recipe Search',
  tool: EDAMAM,
  domain,
  capability: 'food.recipe_search',
  adapt: (a) => {
    const out: Record<string, string | number> = { q: a['query'] as string };
    if (a['cuisine'] !== undefined) out['cuisineType'] = a['cuisine'] as string;
    if (a['maxReadyTime'] !== undefined) out['time'] = a['maxReadyTime'] as number;
    return out;
  },
  description: 'Edamam recipe search: recipe uri (ending in the recipe id), label, yield (servings), total time and total calories.',
  input: z.object({ q: z.string(), cuisineType: z.string().optional(), time: z.number().int().min(1).max(600).optional() }),
  output: z.object({ count: z.number().int(), hits: z.array(z.object({ recipe: z.object({ uri: z.string(), label: z.string(), yield: z.number().int(), totalTime: z.number().int(), calories: z.number(), cuisineType: z.array(z.string()) }) })) }),
  handler: ({ q, cuisineType, time }, ctx) => {
    const { hits, total } = rankedSearch(food(ctx).recipes, recipeTitle, q, 20, recipeFilter(cuisineType, time));
    return {
      count: total,
      hits: hits.map((r) => ({ recipe: { uri: `http://www.edamam.example/ontologies/edamam.owl#recipe_${r.id}`, label: r.title, yield: r.servings, totalTime: r.ready_in_minutes, calories: r.calories, cuisineType: [r.cuisine.toLowerCase()] } })),
    };
  },
});

export const RecipeInformationOutput = z.object({
  id: z.string(),
  title: z.string(),
  servings: z.number().int(),
  readyInMinutes: z.number().int(),
  vegetarian: z.boolean(),
  cuisines: z.array(z.string()),
  nutrition: z.object({ caloriesPerServing: z.number() }),
  extendedIngredients: z.array(z.object({ name: z.string(), amount: z.number(), unit: z.string() })),
});

/** A recipe's whole Spoonacular information output: one view per recipe. */
const recipeInformationOf = (r: Recipe) => ({
  id: r.id,
  title: r.title,
  servings: r.servings,
  readyInMinutes: r.ready_in_minutes,
  vegetarian: r.vegetarian,
  cuisines: [r.cuisine],
  nutrition: { caloriesPerServing: round2(r.calories / r.servings) },
  extendedIngredients: r.ingredients.map((i) => ({ ...i })),
});
const recipeInformationViews = new SharedViews(recipeInformationOf);

export const recipeInformation = defineApi({
  api: 'Get Recipe Information',
  tool: SPOONACULAR,
  domain,
  capability: 'food.recipe_info',
  description: 'Full recipe by id: servings, time, vegetarian flag, calories per serving and the ingredient list.',
  input: z.object({ id: z.string() }),
  output: RecipeInformationOutput,
  handler: ({ id }, ctx) => {
    const r = food(ctx).recipeById.get(id);
    if (!r) return notFound('recipe', id);
    return recipeInformationViews.of(r, null);
  },
});

export const getRecipeEdamam = defineApi({
  api: 'Get Recipe',
  tool: EDAMAM,
  domain,
  capability: 'food.recipe_info',
  adapt: (a) => ({ id: a['id']! }),
  description: 'Edamam recipe by id: label, yield (servings), total time, total calories for the whole recipe, ingredients and health labels.',
  input: z.object({ id: z.string() }),
  output: z.object({
    recipe: z.object({
      uri: z.string(),
      label: z.string(),
      yield: z.number().int(),
      totalTime: z.number().int(),
      calories: z.number(),
      healthLabels: z.array(z.string()),
      ingredients: z.array(z.object({ food: z.string(), quantity: z.number(), measure: z.string() })),
    }),
  }),
  handler: ({ id }, ctx) => {
    const r = food(ctx).recipeById.get(id.trim().replace(/^.*recipe_/, ''));
    if (!r) return notFound('recipe', id);
    return edamamRecipeViews.of(r, null);
  },
});

/** A recipe's whole Edamam output: one view per recipe. */
function edamamRecipe(r: Recipe) {
  return {
    recipe: {
      uri: `http://www.edamam.example/ontologies/edamam.owl#recipe_${r.id}`,
      label: r.title,
      yield: r.servings,
      totalTime: r.ready_in_minutes,
      calories: r.calories,
      healthLabels: r.vegetarian ? ['Vegetarian'] : [],
      ingredients: r.ingredients.map((i) => ({ food: i.name, quantity: i.amount, measure: i.unit })),
    },
  };
}
const edamamRecipeViews = new SharedViews(edamamRecipe);

/** A restaurant's whole Uber Eats menu output, in sections: one view per restaurant. */
function storeMenuOutput(r: Restaurant, w: FoodWorld) {
  const items = (w.menuByRestaurant.get(r.id) ?? []).map((m) => ({ uuid: m.id, title: m.name, price: Math.round(m.price * 100), calories: m.calories, dietary: m.vegetarian ? ['Vegetarian'] : [] }));
  return {
    store: { uuid: r.id, title: r.name, delivery_fee_cents: Math.round(r.delivery_fee * 100) },
    sections: [
      { title: 'Vegetarian', items: items.filter((i) => i.dietary.length > 0) },
      { title: 'Mains', items: items.filter((i) => i.dietary.length === 0) },
    ],
  };
}
const storeMenuViews = new SharedViews(storeMenuOutput);

export const storeMenuUberEats = defineApi({
  api: 'Store Menu',
  tool: UBER_EATS,
  domain,
  capability: 'food.menu',
  adapt: (a) => ({ store_uuid: a['store_id']! }),
  description: 'Uber Eats menu of a store (same store ids as the restaurant ids), in sections; prices in cents.',
  input: z.object({ store_uuid: z.string() }),
  output: z.object({
    store: z.object({ uuid: z.string(), title: z.string(), delivery_fee_cents: z.number().int() }),
    sections: z.array(z.object({ title: z.string(), items: z.array(z.object({ uuid: z.string(), title: z.string(), price: z.number().int(), calories: z.number().int(), dietary: z.array(z.string()) })) })),
  }),
  handler: ({ store_uuid }, ctx) => {
    const w = food(ctx);
    const r = w.restaurantById.get(store_uuid.trim());
    if (!r) return notFound('store', store_uuid);
    return storeMenuViews.of(r, w);
  },
});

export const foodTools = [businessSearch, searchRestaurantsTripadvisor, getMenu, storeMenuUberEats, createDeliveryOrder, getDeliveryOrder, searchRecipes, recipeSearchEdamam, recipeInformation, getRecipeEdamam];
