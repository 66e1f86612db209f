import { rngStream, type Seed } from '../../../src/index.js';
import type { Domain } from '../domains.js';
import type { DomainContext } from './context.js';
import { buildDatabase, type DatabaseWorld } from './database.js';
import { buildEducation, type EducationWorld } from './education.js';
import { buildFinance, type FinanceWorld } from './finance.js';
import { buildFood, type FoodWorld } from './food.js';
import { buildJobs, type JobsWorld } from './jobs.js';
import { buildMovies, type MoviesWorld } from './movies.js';
import { buildMusic, type MusicWorld } from './music.js';
import { buildNews, type NewsWorld } from './news.js';
import { buildRealEstate, type RealEstateWorld } from './realestate.js';
import { buildScience, type ScienceWorld } from './science.js';
import { buildShop, type ShopWorld } from './shop.js';
import { buildSports, type SportsWorld } from './sports.js';
import { buildTravel, type TravelWorld } from './travel.js';
import { buildWeather, type WeatherWorld } from './weather.js';
import { WorldOptionsSchema, type WorldOptions } from './options.js';

/** The shared, read-only world: one generated dataset per domain, all on the same "today". */
export interface ToolBenchWorld {
  readonly seed: string;
  readonly today: string;
  readonly options: WorldOptions;
  readonly movies: MoviesWorld;
  readonly music: MusicWorld;
  readonly weather: WeatherWorld;
  readonly realEstate: RealEstateWorld;
  readonly sports: SportsWorld;
  readonly finance: FinanceWorld;
  readonly news: NewsWorld;
  readonly food: FoodWorld;
  readonly travel: TravelWorld;
  readonly shop: ShopWorld;
  readonly jobs: JobsWorld;
  readonly education: EducationWorld;
  readonly science: ScienceWorld;
  readonly database: DatabaseWorld;
}

/** The domain sections of the world, by property name. */
export const WORLD_SECTIONS = ['movies', 'music', 'weather', 'realEstate', 'sports', 'finance', 'news', 'food', 'travel', 'shop', 'jobs', 'education', 'science', 'database'] as const;
export type WorldSection = (typeof WORLD_SECTIONS)[number];

type SectionBuilders = { readonly [K in WorldSection]: readonly [Domain, (ctx: DomainContext) => ToolBenchWorld[K]] };

const SECTIONS: SectionBuilders = {
  movies: ['Movies', buildMovies],
  music: ['Music', buildMusic],
  weather: ['Weather', buildWeather],
  realEstate: ['Data', buildRealEstate],
  sports: ['Sports', buildSports],
  finance: ['Finance', buildFinance],
  news: ['News_Media', buildNews],
  food: ['Food', buildFood],
  travel: ['Travel', buildTravel],
  shop: ['eCommerce', buildShop],
  jobs: ['Jobs', buildJobs],
  education: ['Education', buildEducation],
  science: ['Science', buildScience],
  database: ['Database', buildDatabase],
};

/**
 * Builds the world for a seed. Each domain draws from its own named stream
 * (`<seed>/toolbench/world/<Domain>`), so resizing or changing one domain leaves the others as
 * they were, and a domain's section can be built when first read: an episode pays only for the
 * categories it touches, and the result is the same whatever the order. `materializeWorld`
 * builds every section at once.
 */
export function buildWorld(seed: Seed, rawOptions: Record<string, unknown>): ToolBenchWorld {
  const options = WorldOptionsSchema.parse(rawOptions);
  const world = { seed: String(seed), today: options.today, options };
  for (const section of WORLD_SECTIONS) {
    const [domain, build] = SECTIONS[section];
    Object.defineProperty(world, section, {
      enumerable: true,
      configurable: true,
      get() {
        const value = build({ rng: rngStream(seed, 'toolbench', 'world', domain), today: options.today, scale: options.scale * (options.domains[domain] ?? 1) });
        Object.defineProperty(world, section, { value, enumerable: true, configurable: false, writable: false });
        return value;
      },
    });
  }
  return world as ToolBenchWorld;
}

/** Builds every section of a world now (they are otherwise built on first read). */
export function materializeWorld(world: ToolBenchWorld): ToolBenchWorld {
  for (const section of WORLD_SECTIONS) void world[section];
  return world;
}

/** The world as plain data (records only; the lookup maps are derived from them). */
export function worldJson(world: ToolBenchWorld): Record<string, unknown> {
  const out: Record<string, unknown> = { seed: world.seed, today: world.today, options: world.options };
  for (const section of WORLD_SECTIONS) {
    out[section] = Object.fromEntries(Object.entries(world[section]).filter(([, value]) => !(value instanceof Map)));
  }
  return out;
}
