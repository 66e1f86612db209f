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

/**
 * Builds the world for a seed. Each domain draws from its own named stream
 * (`<seed>/toolbench/world/<Domain>`), so resizing or changing one domain leaves the others as they were.
 */
export function buildWorld(seed: Seed, rawOptions: Record<string, unknown>): ToolBenchWorld {
  const options = WorldOptionsSchema.parse(rawOptions);
  const ctx = (domain: Domain): DomainContext => ({
    rng: rngStream(seed, 'toolbench', 'world', domain),
    today: options.today,
    scale: options.scale * (options.domains[domain] ?? 1),
  });
  return {
    seed: String(seed),
    today: options.today,
    options,
    movies: buildMovies(ctx('Movies')),
    music: buildMusic(ctx('Music')),
    weather: buildWeather(ctx('Weather')),
    realEstate: buildRealEstate(ctx('Data')),
    sports: buildSports(ctx('Sports')),
    finance: buildFinance(ctx('Finance')),
    news: buildNews(ctx('News_Media')),
    food: buildFood(ctx('Food')),
    travel: buildTravel(ctx('Travel')),
    shop: buildShop(ctx('eCommerce')),
    jobs: buildJobs(ctx('Jobs')),
    education: buildEducation(ctx('Education')),
    science: buildScience(ctx('Science')),
    database: buildDatabase(ctx('Database')),
  };
}

/** The world as plain data (records only; the lookup maps are derived from them). */
export function worldJson(world: ToolBenchWorld): Record<string, unknown> {
  const out: Record<string, unknown> = { seed: world.seed, today: world.today, options: world.options };
  for (const section of WORLD_SECTIONS) {
    out[section] = Object.fromEntries(Object.entries(world[section]).filter(([, value]) => !(value instanceof Map)));
  }
  return out;
}
