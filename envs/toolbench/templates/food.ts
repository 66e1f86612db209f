import { z } from 'zod';
import { ref, type PathStep } from '../../../src/index.js';
import {
  businessSearch, createDeliveryOrder, getDeliveryOrder, getMenu, recipeInformation, searchRecipes,
  type BusinessSearchOutput, type DeliveryOrderOutput, type MenuOutput, type RecipeInformationOutput, type RecipeSearchOutput,
} from '../tools/food.js';
import { output, toolbenchTemplate, uniqueMax, uniqueMin, type Outputs, type SampleScope } from './define.js';
import { FirstIndex } from '../world/first-index.js';

const restaurantByPlace = new FirstIndex((r: { readonly city: string; readonly name: string }) => JSON.stringify([r.city, r.name]));

type Businesses = z.infer<typeof BusinessSearchOutput>;
type Menu = z.infer<typeof MenuOutput>;
type Recipes = z.infer<typeof RecipeSearchOutput>;
type RecipeInfo = z.infer<typeof RecipeInformationOutput>;

const domain = 'Food' as const;

const foodCity = { schema: z.string().min(1), description: 'a city', sample: ({ world, rng }: SampleScope) => rng.pick(world.food.cities) };
const best = (outputs: Outputs) => uniqueMax(output<Businesses>(outputs, 'search').businesses, (b) => b.rating);

export const foodBestAffordable = toolbenchTemplate({
  id: 'food.best_affordable_restaurant',
  domain,
  split: 'train',
  text: 'What is the best-rated restaurant in {city} with a price level of at most {price} (1 = $, 4 = $$$$)?',
  paraphrases: ['In {city}, which restaurant priced {price} dollar signs or less has the top rating?'],
  placeholders: { city: foodCity, price: { schema: z.number().int().min(1).max(4), description: 'a maximum price level', sample: ({ rng }: SampleScope) => rng.int(1, 3) } },
  path: [{ name: 'search', tool: businessSearch.name, args: { location: ref.placeholder('city'), max_price: ref.placeholder('price') } }],
  answer: ({ outputs }) => best(outputs)?.name ?? null,
  compare: { kind: 'normalized' },
  accept: ({ outputs }) => best(outputs) !== null || 'no single best restaurant',
});

const restaurantWithVeg = {
  schema: z.string().min(1),
  description: 'a restaurant in that city serving vegetarian dishes',
  sample: ({ world, rng, values }: SampleScope) => {
    const options = (world.food.restaurantsByCity.get(values['city'] as string) ?? []).filter((r) => (world.food.menuByRestaurant.get(r.id) ?? []).some((m) => m.vegetarian));
    return options.length === 0 ? 'Nowhere' : rng.pick(options).name;
  },
};
const cheapestVeg = (outputs: Outputs) => uniqueMin(output<Menu>(outputs, 'menu').menu.filter((m) => m.is_vegetarian), (m) => m.price);

export const foodOrderCheapestVeg = toolbenchTemplate({
  id: 'food.order_cheapest_vegetarian',
  writes: ['foodOrders'],
  domain,
  split: 'train',
  text: 'Order {quantity} of the cheapest vegetarian dish at {restaurant} in {city} for delivery. What is the order total including the delivery fee?',
  paraphrases: ['From {restaurant} ({city}), get me {quantity} portions of their least expensive vegetarian item delivered, and tell me the total with delivery.'],
  placeholders: { city: foodCity, restaurant: restaurantWithVeg, quantity: { schema: z.number().int().min(1).max(6), description: 'portions', sample: ({ rng }: SampleScope) => rng.int(1, 4) } },
  path: [
    { name: 'search', tool: businessSearch.name, args: { location: ref.placeholder('city'), term: ref.placeholder('restaurant') } },
    {
      name: 'menu',
      tool: getMenu.name,
      args: { store_id: ref.compute(({ outputs, values }) => output<Businesses>(outputs, 'search').businesses.find((b) => b.name === values['restaurant'])?.id ?? '', ['search']) },
    },
    {
      name: 'order',
      tool: createDeliveryOrder.name,
      args: {
        store_id: ref.output('menu', 'store.id'),
        items: ref.compute(({ outputs, values }) => [{ item_id: cheapestVeg(outputs)?.item_id ?? '', quantity: values['quantity'] as number }], ['menu']),
      },
    },
    { name: 'status', tool: getDeliveryOrder.name, args: { order_id: ref.output('order', 'order_id') } },
  ],
  answer: ({ outputs }) => output<z.infer<typeof DeliveryOrderOutput>>(outputs, 'status').total,
  compare: { kind: 'number', tolerance: 0.01 },
  accept: ({ outputs }) => cheapestVeg(outputs) !== null || 'no single cheapest vegetarian dish',
  checkState: ({ state, world, values }) => {
    const city = values['city'];
    const name = values['restaurant'];
    // Two texts make one unambiguous key; any other pair is looked for by a scan.
    const r = typeof city === 'string' && typeof name === 'string' ? restaurantByPlace.find(world.food.restaurants, JSON.stringify([city, name])) : world.food.restaurants.find((x) => x.city === city && x.name === name);
    if (!r) return 'the restaurant is gone';
    const veg = (world.food.menuByRestaurant.get(r.id) ?? []).filter((m) => m.vegetarian).sort((a, b) => a.price - b.price)[0];
    const ok = state.foodOrders.length === 1 && state.foodOrders[0]!.items.length === 1 && state.foodOrders[0]!.items[0]!.item_id === veg?.id && state.foodOrders[0]!.items[0]!.quantity === values['quantity'];
    return ok ? null : `expected one order of ${String(values['quantity'])} x ${veg?.name ?? '?'}`;
  },
});

export const recipeTitle = { schema: z.string().min(1), description: 'a recipe title', sample: ({ world, rng }: SampleScope) => rng.pick(world.food.recipes).title };
export const foundRecipe = (outputs: Outputs, title: unknown) => output<Recipes>(outputs, 'search').results[0]?.title === title;
export const recipePath: readonly PathStep[] = [
  { name: 'search', tool: searchRecipes.name, args: { query: ref.placeholder('recipe') } },
  { name: 'info', tool: recipeInformation.name, args: { id: ref.output('search', 'results.0.id') } },
];

export const foodRecipeIngredients = toolbenchTemplate({
  id: 'food.recipe_ingredient_count',
  domain,
  split: 'train',
  text: 'How many different ingredients does the recipe "{recipe}" call for?',
  paraphrases: ['Count the ingredients in the {recipe} recipe.'],
  placeholders: { recipe: recipeTitle },
  path: recipePath,
  answer: ({ outputs }) => output<RecipeInfo>(outputs, 'info').extendedIngredients.length,
  compare: { kind: 'number', tolerance: 0 },
  accept: ({ outputs, values }) => foundRecipe(outputs, values['recipe']) || 'the recipe is not the first hit',
});

export const foodRecipeCalories = toolbenchTemplate({
  id: 'food.recipe_calories',
  domain,
  split: 'unseen-instruction',
  text: 'If I cook "{recipe}" and eat {portions} servings, how many calories is that?',
  paraphrases: ['How many kcal are in {portions} servings of the {recipe} recipe?'],
  placeholders: { recipe: recipeTitle, portions: { schema: z.number().int().min(1).max(4), description: 'servings eaten', sample: ({ rng }: SampleScope) => rng.int(1, 3) } },
  path: recipePath,
  answer: ({ outputs, values }) => Math.round(output<RecipeInfo>(outputs, 'info').nutrition.caloriesPerServing * (values['portions'] as number)),
  compare: { kind: 'number', tolerance: 1 },
  accept: ({ outputs, values }) => foundRecipe(outputs, values['recipe']) || 'the recipe is not the first hit',
});

export const foodTemplates = [foodBestAffordable, foodOrderCheapestVeg, foodRecipeIngredients, foodRecipeCalories];
