import { rngStream, type Seed } from '../../../src/index.js';
import type { Domain } from '../domains.js';
import type { DomainContext } from './context.js';
import { buildMovies, type MoviesWorld } from './movies.js';
import { buildMusic, type MusicWorld } from './music.js';
import { buildRealEstate, type RealEstateWorld } from './realestate.js';
import { buildWeather, type WeatherWorld } from './weather.js';
import { WorldOptionsSchema, type WorldOptions } from './options.js';

/** The shared, read-only world: one generated dataset per domain, all on the same "today". */
export interface ToolBenchWorld {
  readonly seed: string;
  readonly today: string;
  readonly options: WorldOptions;
  /** Cash in the paper-trading account at the start of every episode. */
  readonly startingCash: number;
  readonly movies: MoviesWorld;
  readonly music: MusicWorld;
  readonly weather: WeatherWorld;
  readonly realEstate: RealEstateWorld;
}

/** The domain sections of the world, by property name. */
export const WORLD_SECTIONS = ['movies', 'music', 'weather', 'realEstate'] as const;
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
    startingCash: 100_000,
    movies: buildMovies(ctx('Movies')),
    music: buildMusic(ctx('Music')),
    weather: buildWeather(ctx('Weather')),
    realEstate: buildRealEstate(ctx('Data')),
  };
}

/** The world as plain data (records only; the lookup maps are derived from them). */
export function worldJson(world: ToolBenchWorld): Record<string, unknown> {
  const out: Record<string, unknown> = { seed: world.seed, today: world.today, options: world.options, startingCash: world.startingCash };
  for (const section of WORLD_SECTIONS) {
    out[section] = Object.fromEntries(Object.entries(world[section]).filter(([, value]) => !(value instanceof Map)));
  }
  return out;
}
