import { z } from 'zod';
import { holdingViews } from '../../../src/core/shared-json.js';
import { SharedViews } from '../../../src/core/shared-views.js';
import { defineApi, badRequest, notFound, renameArgs, type ToolBenchContext } from '../api.js';
import { daysBetween } from '../dates.js';
import { round1, round2 } from '../money.js';
import { findPlace, PLACES, type Place } from '../world/places.js';
import type { CityWeather, DailyWeather } from '../world/weather.js';
import { FORECAST_DAYS, HISTORY_DAYS } from '../world/weather.js';

const WEATHERAPI = 'WeatherAPI.com';
const OPEN_WEATHER = 'Open Weather Map';
const VISUAL_CROSSING = 'Visual Crossing Weather';
const WEATHER_TOOLS = 'Weather Tools';
const domain = 'Weather' as const;

function locate(ctx: ToolBenchContext, q: string): { place: Place; weather: CityWeather } | null {
  const place = findPlace(q);
  if (!place) return null;
  return { place, weather: ctx.world.weather.byCity.get(place.city)! };
}

const fahrenheit = (c: number): number => round1((c * 9) / 5 + 32);

/** A Celsius temperature in OpenWeatherMap's units: metric as it is, imperial in Fahrenheit, standard in Kelvin. */
function inUnits(t: number, units: string): number {
  return units === 'metric' ? t : units === 'imperial' ? fahrenheit(t) : round2(t + 273.15);
}

const Location = z.object({ name: z.string(), country: z.string(), lat: z.number(), lon: z.number(), tz_id: z.string(), localtime: z.string() });
const location = (place: Place, today: string) => ({ name: place.city, country: place.country, lat: place.lat, lon: place.lon, tz_id: place.timezone, localtime: `${today} 12:00` });

export const RealtimeWeatherOutput = z.object({
  location: Location,
  current: z.object({
    temp_c: z.number(),
    temp_f: z.number(),
    feelslike_c: z.number(),
    condition: z.object({ text: z.string() }),
    wind_kph: z.number(),
    wind_degree: z.number().int(),
    pressure_mb: z.number(),
    humidity: z.number().int(),
    cloud: z.number().int(),
    uv: z.number(),
    precip_mm: z.number(),
  }),
});

/** Where a city's weather record stands: its place and its world's today, fixed for the record. */
interface CityContext {
  readonly place: Place;
  readonly today: string;
}

/** The whole realtime output of a city: one view per city weather record (its world's). */
function realtimeOutput(w: CityWeather, { place, today }: CityContext) {
  const c = w.current;
  return {
    location: location(place, today),
    current: {
      temp_c: c.temp_c,
      temp_f: fahrenheit(c.temp_c),
      feelslike_c: c.feelslike_c,
      condition: { text: c.condition },
      wind_kph: c.wind_kph,
      wind_degree: c.wind_degree,
      pressure_mb: c.pressure_mb,
      humidity: c.humidity,
      cloud: c.cloud,
      uv: c.uv,
      precip_mm: c.precip_mm,
    },
  };
}
const realtimeViews = new SharedViews(realtimeOutput);

export const realtimeWeather = defineApi({
  api: 'Realtime Weather API',
  tool: WEATHERAPI,
  domain,
  capability: 'weather.current',
  description: 'Current conditions for a city (name or airport code): temperature in °C and °F, humidity %, wind, pressure, cloud cover, UV index.',
  input: z.object({ q: z.string().describe('City name, e.g. Paris, or an airport code') }),
  output: RealtimeWeatherOutput,
  handler: ({ q }, ctx) => {
    const found = locate(ctx, q);
    if (!found) return notFound('location', q);
    return realtimeViews.of(found.weather, { place: found.place, today: ctx.world.today });
  },
});

export const currentWeatherOpenWeather = defineApi({
  api: 'Current Weather Data',
  tool: OPEN_WEATHER,
  domain,
  capability: 'weather.current',
  adapt: (a) => ({ ...renameArgs(a, { q: 'q' }), units: 'metric' }),
  description: 'OpenWeatherMap current weather for a city. units: standard (Kelvin), metric (°C, wind m/s) or imperial (°F, wind mph).',
  input: z.object({ q: z.string().describe('City name'), units: z.enum(['standard', 'metric', 'imperial']).default('standard') }),
  output: z.object({
    name: z.string(),
    sys: z.object({ country: z.string() }),
    coord: z.object({ lat: z.number(), lon: z.number() }),
    main: z.object({ temp: z.number(), feels_like: z.number(), humidity: z.number().int(), pressure: z.number() }),
    weather: z.array(z.object({ main: z.string(), description: z.string() })),
    wind: z.object({ speed: z.number(), deg: z.number().int() }),
    clouds: z.object({ all: z.number().int() }),
  }),
  handler: ({ q, units }, ctx) => {
    const found = locate(ctx, q);
    if (!found) return notFound('city', q);
    const c = found.weather.current;
    const speed = units === 'imperial' ? round2(c.wind_kph / 1.609) : round2(c.wind_kph / 3.6);
    return {
      name: found.place.city,
      sys: { country: found.place.countryCode },
      coord: { lat: found.place.lat, lon: found.place.lon },
      main: { temp: inUnits(c.temp_c, units), feels_like: inUnits(c.feelslike_c, units), humidity: c.humidity, pressure: c.pressure_mb },
      weather: [{ main: c.condition.includes('rain') ? 'Rain' : c.condition === 'Sunny' ? 'Clear' : 'Clouds', description: c.condition.toLowerCase() }],
      wind: { speed, deg: c.wind_degree },
      clouds: { all: c.cloud },
    };
  },
});

export const getCurrentTemp = defineApi({
  api: 'Get Current Temp',
  tool: WEATHER_TOOLS,
  domain,
  description: 'Only the current air temperature of a city, in °C.',
  input: z.object({ city: z.string() }),
  output: z.object({ city: z.string(), temperature_celsius: z.number() }),
  handler: ({ city }, ctx) => {
    const found = locate(ctx, city);
    if (!found) return notFound('city', city);
    return { city: found.place.city, temperature_celsius: found.weather.current.temp_c };
  },
});

const ForecastDay = z.object({
  date: z.string(),
  day: z.object({
    maxtemp_c: z.number(),
    mintemp_c: z.number(),
    avgtemp_c: z.number(),
    totalprecip_mm: z.number(),
    avghumidity: z.number().int(),
    daily_chance_of_rain: z.number().int(),
    maxwind_kph: z.number(),
    condition: z.object({ text: z.string() }),
  }),
});
const forecastDay = (d: DailyWeather) => ({
  date: d.date,
  day: {
    maxtemp_c: d.max_c,
    mintemp_c: d.min_c,
    avgtemp_c: round1((d.max_c + d.min_c) / 2),
    totalprecip_mm: d.precip_mm,
    avghumidity: d.humidity,
    daily_chance_of_rain: d.chance_of_rain,
    maxwind_kph: d.max_wind_kph,
    condition: { text: d.condition },
  },
});
const forecastDayViews = new SharedViews(forecastDay);
/** A city's whole forecast output for a number of days (the variant). */
const forecastOutput = (w: CityWeather, { place, today }: CityContext, days: string | number) => ({ location: location(place, today), forecast: { forecastday: w.forecast.slice(0, Number(days)).map((d) => forecastDayViews.of(d, null)) } });
const forecastViews = new SharedViews(forecastOutput);
/** A city's whole history output for one past day, by its index in the history (the variant). */
const historyOutput = (w: CityWeather, { place, today }: CityContext, index: string | number) => ({ location: location(place, today), forecast: { forecastday: [forecastDay(w.history[Number(index)]!)] } });
const historyViews = new SharedViews(historyOutput);

export const ForecastOutput = z.object({ location: Location, forecast: z.object({ forecastday: z.array(ForecastDay) }) });

export const forecastWeather = defineApi({
  api: 'Forecast Weather API',
  tool: WEATHERAPI,
  domain,
  capability: 'weather.forecast',
  description: `Daily forecast for a city starting today, up to ${FORECAST_DAYS} days: highs and lows in °C, total rain in mm, humidity, chance of rain, condition.`,
  input: z.object({ q: z.string().describe('City name or airport code'), days: z.number().int().min(1).max(FORECAST_DAYS).default(3).describe('Number of days, today included') }),
  output: ForecastOutput,
  handler: ({ q, days }, ctx) => {
    const found = locate(ctx, q);
    if (!found) return notFound('location', q);
    return forecastViews.of(found.weather, { place: found.place, today: ctx.world.today }, days);
  },
});

/** A forecast day as Visual Crossing gives it; variant 1 for metric units. */
const crossingDay = (d: DailyWeather, _: null, metric: string | number) => ({
  datetime: d.date,
  tempmax: metric === 1 ? d.max_c : fahrenheit(d.max_c),
  tempmin: metric === 1 ? d.min_c : fahrenheit(d.min_c),
  precip: metric === 1 ? d.precip_mm : round2(d.precip_mm / 25.4),
  precipprob: d.chance_of_rain,
  humidity: d.humidity,
  conditions: d.condition,
});
const crossingDayViews = new SharedViews(crossingDay);

export const weatherForecastVisualCrossing = defineApi({
  api: 'Weather Forecast Data',
  tool: VISUAL_CROSSING,
  domain,
  capability: 'weather.forecast',
  adapt: (a) => ({ location: a['q']!, days: a['days'] ?? 3, unitGroup: 'metric' }),
  description: 'Visual Crossing daily forecast from today. unitGroup us gives °F and inches, metric gives °C and mm.',
  input: z.object({
    location: z.string(),
    days: z.number().int().min(1).max(FORECAST_DAYS).default(FORECAST_DAYS),
    unitGroup: z.enum(['us', 'metric']).default('us'),
  }),
  output: z.object({
    address: z.string(),
    resolvedAddress: z.string(),
    days: z.array(z.object({ datetime: z.string(), tempmax: z.number(), tempmin: z.number(), precip: z.number(), precipprob: z.number().int(), humidity: z.number().int(), conditions: z.string() })),
  }),
  handler: ({ location: where, days, unitGroup }, ctx) => {
    const found = locate(ctx, where);
    if (!found) return badRequest(`Invalid location parameter value: ${where}`);
    const metric = unitGroup === 'metric' ? 1 : 0;
    return holdingViews({
      address: where,
      resolvedAddress: `${found.place.city}, ${found.place.country}`,
      days: found.weather.forecast.slice(0, days).map((d) => crossingDayViews.of(d, null, metric)),
    });
  },
});

export const historyWeather = defineApi({
  api: 'History Weather API',
  tool: WEATHERAPI,
  domain,
  capability: 'weather.history',
  description: `Observed weather of one past day (within the last ${HISTORY_DAYS} days) for a city.`,
  input: z.object({ q: z.string(), dt: z.iso.date().describe('The past day, YYYY-MM-DD') }),
  output: ForecastOutput,
  handler: ({ q, dt }, ctx) => {
    const found = locate(ctx, q);
    if (!found) return notFound('location', q);
    const back = daysBetween(dt, ctx.world.today);
    if (back < 1 || back > HISTORY_DAYS) return badRequest(`dt must be between 1 and ${HISTORY_DAYS} days before today (${ctx.world.today})`);
    return historyViews.of(found.weather, { place: found.place, today: ctx.world.today }, HISTORY_DAYS - back);
  },
});

export const historicalWeatherVisualCrossing = defineApi({
  api: 'Historical Weather Record',
  tool: VISUAL_CROSSING,
  domain,
  capability: 'weather.history',
  adapt: (a) => ({ location: a['q']!, date: a['dt']!, unitGroup: 'metric' }),
  description: `Visual Crossing observed weather of a past day (last ${HISTORY_DAYS} days). unitGroup us gives °F and inches, metric gives °C and mm.`,
  input: z.object({ location: z.string(), date: z.iso.date(), unitGroup: z.enum(['us', 'metric']).default('us') }),
  output: z.object({ address: z.string(), days: z.array(z.object({ datetime: z.string(), tempmax: z.number(), tempmin: z.number(), precip: z.number(), humidity: z.number().int(), conditions: z.string() })) }),
  handler: ({ location: where, date, unitGroup }, ctx) => {
    const found = locate(ctx, where);
    if (!found) return badRequest(`Invalid location parameter value: ${where}`);
    const back = daysBetween(date, ctx.world.today);
    if (back < 1 || back > HISTORY_DAYS) return badRequest(`date must be between 1 and ${HISTORY_DAYS} days before today (${ctx.world.today})`);
    const d = found.weather.history[HISTORY_DAYS - back]!;
    const metric = unitGroup === 'metric';
    return {
      address: where,
      days: [{ datetime: d.date, tempmax: metric ? d.max_c : fahrenheit(d.max_c), tempmin: metric ? d.min_c : fahrenheit(d.min_c), precip: metric ? d.precip_mm : round2(d.precip_mm / 25.4), humidity: d.humidity, conditions: d.condition }],
    };
  },
});

export const searchAutocomplete = defineApi({
  api: 'Search Autocomplete API',
  tool: WEATHERAPI,
  domain,
  description: 'Locations whose name starts with or contains the text, with country and coordinates.',
  input: z.object({ q: z.string() }),
  output: z.array(z.object({ name: z.string(), country: z.string(), lat: z.number(), lon: z.number() })),
  handler: ({ q }) => {
    const text = q.trim().toLowerCase();
    if (text === '') return [];
    return PLACES.filter((p) => p.city.toLowerCase().includes(text) || p.iata.toLowerCase() === text).map((p) => ({ name: p.city, country: p.country, lat: p.lat, lon: p.lon }));
  },
});

export const weatherTools = [realtimeWeather, currentWeatherOpenWeather, getCurrentTemp, forecastWeather, weatherForecastVisualCrossing, historyWeather, historicalWeatherVisualCrossing, searchAutocomplete];
