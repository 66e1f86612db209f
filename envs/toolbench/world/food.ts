import { round2 } from '../money.js';
import type { DomainContext } from './context.js';
import { groupBy, indexBy } from './context.js';
import { LAST_NAMES, scaled, slug, uniqueIds, uniqueStrings } from './names.js';
import { PLACES } from './places.js';

export interface Restaurant {
  readonly id: string;
  readonly name: string;
  readonly city: string;
  readonly cuisine: string;
  readonly rating: number;
  readonly review_count: number;
  /** 1 ($) to 4 ($$$$). */
  readonly price_level: number;
  readonly address: string;
  readonly phone: string;
  readonly delivery_fee: number;
}

export interface MenuItem {
  readonly id: string;
  readonly restaurant_id: string;
  readonly name: string;
  readonly price: number;
  readonly calories: number;
  readonly vegetarian: boolean;
}

export interface Ingredient {
  readonly name: string;
  readonly amount: number;
  readonly unit: string;
}

export interface Recipe {
  readonly id: string;
  readonly title: string;
  readonly cuisine: string;
  readonly servings: number;
  readonly ready_in_minutes: number;
  readonly vegetarian: boolean;
  /** For the whole recipe. */
  readonly calories: number;
  readonly ingredients: readonly Ingredient[];
}

export interface FoodWorld {
  readonly restaurants: readonly Restaurant[];
  readonly menu: readonly MenuItem[];
  readonly recipes: readonly Recipe[];
  readonly cities: readonly string[];
  readonly restaurantById: ReadonlyMap<string, Restaurant>;
  readonly menuByRestaurant: ReadonlyMap<string, readonly MenuItem[]>;
  readonly menuItemById: ReadonlyMap<string, MenuItem>;
  readonly recipeById: ReadonlyMap<string, Recipe>;
  readonly restaurantsByCity: ReadonlyMap<string, readonly Restaurant[]>;
}

const CUISINES: Readonly<Record<string, { dishes: readonly string[]; veg: readonly string[] }>> = {
  Italian: { dishes: ['Lasagna', 'Chicken Parmesan', 'Spaghetti Carbonara', 'Veal Marsala'], veg: ['Margherita Pizza', 'Mushroom Risotto', 'Caprese Salad', 'Penne Arrabbiata'] },
  Mexican: { dishes: ['Carnitas Tacos', 'Chicken Enchiladas', 'Beef Burrito', 'Fish Tacos'], veg: ['Bean Quesadilla', 'Veggie Fajitas', 'Elote', 'Guacamole and Chips'] },
  Japanese: { dishes: ['Salmon Nigiri', 'Chicken Katsu', 'Tonkotsu Ramen', 'Tuna Roll'], veg: ['Vegetable Tempura', 'Avocado Roll', 'Miso Soup', 'Agedashi Tofu'] },
  Indian: { dishes: ['Butter Chicken', 'Lamb Rogan Josh', 'Chicken Tikka', 'Fish Curry'], veg: ['Chana Masala', 'Palak Paneer', 'Vegetable Biryani', 'Dal Makhani'] },
  Thai: { dishes: ['Pad Thai with Shrimp', 'Green Curry Chicken', 'Beef Massaman', 'Larb Gai'], veg: ['Tofu Pad See Ew', 'Vegetable Spring Rolls', 'Papaya Salad', 'Pumpkin Curry'] },
  American: { dishes: ['Cheeseburger', 'BBQ Ribs', 'Fried Chicken Sandwich', 'Buffalo Wings'], veg: ['Veggie Burger', 'Mac and Cheese', 'Garden Salad', 'Sweet Potato Fries'] },
  Mediterranean: { dishes: ['Lamb Kebab', 'Chicken Shawarma', 'Grilled Octopus', 'Beef Kofta'], veg: ['Falafel Plate', 'Hummus Bowl', 'Spanakopita', 'Tabbouleh'] },
  French: { dishes: ['Coq au Vin', 'Steak Frites', 'Duck Confit', 'Bouillabaisse'], veg: ['Ratatouille', 'French Onion Soup', 'Mushroom Crepe', 'Nicoise Salad without Tuna'] },
};
const NAME_A = ['Golden', 'Little', 'Blue', 'Rustic', 'Happy', 'Old Town', 'Urban', 'Green', 'Silver', 'Corner', 'Lucky', 'Royal'];
const NAME_B = ['Fork', 'Spoon', 'Table', 'Kitchen', 'Garden', 'Lantern', 'Oven', 'Bistro', 'Cantina', 'House', 'Pantry', 'Grill'];
const INGREDIENTS = ['olive oil', 'garlic', 'onion', 'tomato', 'rice', 'chicken breast', 'tofu', 'basil', 'lemon', 'butter', 'flour', 'egg', 'milk', 'potato', 'carrot', 'ginger', 'soy sauce', 'cumin', 'paprika', 'spinach', 'chickpeas', 'coconut milk', 'parmesan', 'black beans', 'bell pepper'];
const UNITS = ['g', 'ml', 'tbsp', 'tsp', 'cup', 'piece'];
const RECIPE_STYLE = ['Easy', 'Weeknight', 'Classic', 'Spicy', 'Creamy', 'One-Pot', 'Crispy', 'Smoky', 'Fresh', 'Hearty'];

/** The cities with a restaurant scene in this world. */
export const FOOD_CITIES = PLACES.slice(0, 12).concat(PLACES.filter((p) => ['London', 'Paris', 'Tokyo', 'Toronto'].includes(p.city)));

export function buildFood(ctx: DomainContext): FoodWorld {
  const { rng } = ctx;
  const perCity = scaled(7, ctx.scale, 5, 60);
  const cuisines = Object.keys(CUISINES);
  const restaurants: Restaurant[] = [];
  const menu: MenuItem[] = [];
  let itemSerial = rng.int(1000, 5000);
  for (const place of FOOD_CITIES) {
    const names = uniqueStrings(perCity, () => `${rng.pick(NAME_A)} ${rng.pick(NAME_B)}`);
    for (const name of names) {
      const cuisine = rng.pick(cuisines);
      const restaurant: Restaurant = {
        id: `${slug(name)}-${slug(place.city)}`,
        name,
        city: place.city,
        cuisine,
        rating: Math.round((3 + rng.next() * 2) * 10) / 10,
        review_count: rng.int(12, 3200),
        price_level: rng.int(1, 4),
        address: `${rng.int(1, 999)} ${rng.pick(LAST_NAMES)} Street`,
        phone: `+1 555 ${rng.int(100, 999)} ${rng.int(1000, 9999)}`,
        delivery_fee: rng.pick([0, 1.99, 2.99, 3.99, 4.99]),
      };
      restaurants.push(restaurant);
      const { dishes, veg } = CUISINES[cuisine]!;
      const level = restaurant.price_level;
      for (const [dish, vegetarian] of [...dishes.map((d) => [d, false] as const), ...veg.map((d) => [d, true] as const)]) {
        if (!rng.chance(0.8)) continue;
        menu.push({
          id: `i${itemSerial++}`,
          restaurant_id: restaurant.id,
          name: dish,
          price: round2(Math.round((6 + level * 4 + rng.next() * 10) * 4) / 4 - 0.01),
          calories: rng.int(18, 130) * 10,
          vegetarian,
        });
      }
    }
  }

  const recipeCount = scaled(60, ctx.scale, 20, 380);
  const titles = uniqueStrings(recipeCount, () => {
    const cuisine = rng.pick(cuisines);
    const { dishes, veg } = CUISINES[cuisine]!;
    return `${rng.pick(RECIPE_STYLE)} ${rng.pick([...dishes, ...veg])}`;
  });
  const recipeIds = uniqueIds(rng, recipeCount, '', 6);
  const recipes: Recipe[] = titles.map((title, i) => {
    const cuisine = cuisines.find((c) => [...CUISINES[c]!.dishes, ...CUISINES[c]!.veg].some((d) => title.endsWith(d)))!;
    const vegetarian = CUISINES[cuisine]!.veg.some((d) => title.endsWith(d));
    const servings = rng.int(2, 8);
    return {
      id: recipeIds[i]!,
      title,
      cuisine,
      servings,
      ready_in_minutes: rng.int(3, 24) * 5,
      vegetarian,
      calories: servings * rng.int(25, 90) * 10,
      ingredients: rng.sample(INGREDIENTS.filter((x) => !vegetarian || x !== 'chicken breast'), rng.int(4, 11)).map((name) => ({ name, amount: rng.int(1, 40) * (rng.chance(0.5) ? 10 : 1), unit: rng.pick(UNITS) })),
    };
  });

  return {
    restaurants,
    menu,
    recipes,
    cities: FOOD_CITIES.map((p) => p.city),
    restaurantById: indexBy(restaurants, 'id'),
    menuByRestaurant: groupBy(menu, (m) => m.restaurant_id),
    menuItemById: indexBy(menu, 'id'),
    recipeById: indexBy(recipes, 'id'),
    restaurantsByCity: groupBy(restaurants, (r) => r.city),
  };
}
