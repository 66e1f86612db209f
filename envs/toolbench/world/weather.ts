import { addDays } from '../dates.js';
import { round1 } from '../money.js';
import type { DomainContext } from './context.js';
import { PLACES, type Place } from './places.js';

export interface DailyWeather {
  readonly date: string;
  readonly max_c: number;
  readonly min_c: number;
  readonly precip_mm: number;
  readonly chance_of_rain: number;
  readonly humidity: number;
  readonly max_wind_kph: number;
  readonly condition: string;
}

export interface CurrentWeather {
  readonly temp_c: number;
  readonly feelslike_c: number;
  readonly humidity: number;
  readonly wind_kph: number;
  readonly wind_degree: number;
  readonly pressure_mb: number;
  readonly cloud: number;
  readonly uv: number;
  readonly precip_mm: number;
  readonly condition: string;
}

export interface CityWeather {
  readonly city: string;
  readonly current: CurrentWeather;
  /** Observed days, oldest first, ending yesterday. */
  readonly history: readonly DailyWeather[];
  /** Forecast days, starting today. */
  readonly forecast: readonly DailyWeather[];
}

export interface WeatherWorld {
  readonly cities: readonly CityWeather[];
  readonly byCity: ReadonlyMap<string, CityWeather>;
}

export const HISTORY_DAYS = 21;
export const FORECAST_DAYS = 10;

function condition(precip: number, cloud: number): string {
  if (precip >= 15) return 'Heavy rain';
  if (precip >= 5) return 'Moderate rain';
  if (precip > 0) return 'Light rain';
  if (cloud >= 75) return 'Overcast';
  if (cloud >= 35) return 'Partly cloudy';
  return 'Sunny';
}

function day(ctx: DomainContext, place: Place, date: string): DailyWeather {
  const { rng } = ctx;
  const max = round1(place.juneHigh + (rng.next() - 0.5) * 8);
  const min = round1(max - 5 - rng.next() * 7);
  const rains = rng.chance(place.rainChance);
  const precip = rains ? round1(0.2 + rng.next() * rng.next() * 30) : 0;
  const cloud = rains ? rng.int(60, 100) : rng.int(0, 80);
  return {
    date,
    max_c: max,
    min_c: min,
    precip_mm: precip,
    chance_of_rain: rains ? rng.int(55, 98) : rng.int(0, 35),
    humidity: rains ? rng.int(65, 97) : rng.int(25, 70),
    max_wind_kph: round1(5 + rng.next() * 35),
    condition: condition(precip, cloud),
  };
}

export function buildWeather(ctx: DomainContext): WeatherWorld {
  const { rng, today } = ctx;
  const past = Array.from({ length: HISTORY_DAYS }, (_, i) => addDays(today, i - HISTORY_DAYS));
  const coming = Array.from({ length: FORECAST_DAYS }, (_, i) => addDays(today, i));
  const cities = PLACES.map((place): CityWeather => {
    const history = past.map((date) => day(ctx, place, date));
    const forecast = coming.map((date) => day(ctx, place, date));
    const todayWeather = forecast[0]!;
    const temp = round1(todayWeather.min_c + (todayWeather.max_c - todayWeather.min_c) * (0.6 + rng.next() * 0.35));
    const cloud = todayWeather.precip_mm > 0 ? rng.int(60, 100) : rng.int(0, 70);
    return {
      city: place.city,
      current: {
        temp_c: temp,
        feelslike_c: round1(temp + (rng.next() - 0.3) * 4),
        humidity: Math.max(10, Math.min(100, todayWeather.humidity + rng.int(-8, 8))),
        wind_kph: round1(todayWeather.max_wind_kph * (0.4 + rng.next() * 0.5)),
        wind_degree: rng.int(0, 359),
        pressure_mb: rng.int(996, 1030),
        cloud,
        uv: rng.int(1, 11),
        precip_mm: todayWeather.precip_mm > 0 ? round1(todayWeather.precip_mm * rng.next() * 0.3) : 0,
        condition: todayWeather.precip_mm > 0 ? 'Light rain' : condition(0, cloud),
      },
      history,
      forecast,
    };
  });
  return { cities, byCity: new Map(cities.map((c) => [c.city, c])) };
}
