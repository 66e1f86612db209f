import { z } from 'zod';
import { ref } from '../../../src/index.js';
import { round1, roundTo } from '../money.js';
import { forecastWeather, getCurrentTemp, historyWeather, realtimeWeather, searchAutocomplete, type ForecastOutput, type RealtimeWeatherOutput } from '../tools/weather.js';
import { HISTORY_DAYS } from '../world/weather.js';
import { addDays } from '../dates.js';
import { output, sum, toolbenchTemplate, uniqueMax, type SampleScope } from './define.js';

type Current = z.infer<typeof RealtimeWeatherOutput>;
type Forecast = z.infer<typeof ForecastOutput>;

const domain = 'Weather' as const;

export const city = (description: string, exclude: string[] = []) => ({
  schema: z.string().min(1),
  description,
  sample: ({ world, rng, values }: SampleScope) => rng.pick(world.weather.cities.filter((c) => !exclude.some((e) => values[e] === c.city))).city,
});
export const days = { schema: z.number().int().min(2).max(7), description: 'how many days ahead, today included', sample: ({ rng }: SampleScope) => rng.int(3, 7) };

export const weatherCurrentHumidity = toolbenchTemplate({
  id: 'weather.current_humidity',
  domain,
  split: 'train',
  text: 'What is the relative humidity in {city} right now, in percent?',
  paraphrases: ['How humid is it in {city} at the moment? Give the humidity percentage.'],
  placeholders: { city: city('a city') },
  path: [{ name: 'now', tool: realtimeWeather.name, args: { q: ref.placeholder('city') } }],
  answer: ({ outputs }) => output<Current>(outputs, 'now').current.humidity,
  compare: { kind: 'number', tolerance: 0 },
  offer: { extra: [getCurrentTemp.name] },
});

export const wettest = (f: Forecast) => uniqueMax(f.forecast.forecastday, (d) => d.day.totalprecip_mm);

export const weatherWettestDay = toolbenchTemplate({
  id: 'weather.wettest_day',
  domain,
  split: 'train',
  text: 'Looking at the next {days} days (today included), on which date is the most rain expected in {city}? Answer YYYY-MM-DD.',
  paraphrases: ['Which day of the coming {days} days, counting today, will be the rainiest in {city}? Give the date as YYYY-MM-DD.'],
  placeholders: { city: city('a city with some rain in the forecast'), days },
  path: [{ name: 'forecast', tool: forecastWeather.name, args: { q: ref.placeholder('city'), days: ref.placeholder('days') } }],
  answer: ({ outputs }) => wettest(output<Forecast>(outputs, 'forecast'))?.date ?? null,
  compare: { kind: 'normalized' },
  accept: ({ outputs }) => {
    const best = wettest(output<Forecast>(outputs, 'forecast'));
    return (best !== null && best.day.totalprecip_mm > 0) || 'no single rainiest day';
  },
});

export const weatherAverageHigh = toolbenchTemplate({
  id: 'weather.average_high',
  domain,
  split: 'train',
  text: 'What will the average daily high temperature in {city} be over the next {days} days (today included), in °C? Round to one decimal.',
  paraphrases: ['Average the forecast daily highs for {city} across the coming {days} days, today included, in Celsius (one decimal).'],
  placeholders: { city: city('a city'), days },
  path: [{ name: 'forecast', tool: forecastWeather.name, args: { q: ref.placeholder('city'), days: ref.placeholder('days') } }],
  answer: ({ outputs }) => {
    const list = output<Forecast>(outputs, 'forecast').forecast.forecastday;
    return round1(sum(list.map((d) => d.day.maxtemp_c)) / list.length);
  },
  compare: { kind: 'number', tolerance: 0.051 },
  offer: { extra: [searchAutocomplete.name] },
});

export const weatherPastRain = toolbenchTemplate({
  id: 'weather.past_rain',
  domain,
  split: 'train',
  text: 'How much rain fell in {city} on {date}, in millimetres?',
  paraphrases: ['What was the total precipitation in {city} on {date} (mm)?'],
  placeholders: {
    city: city('a city'),
    date: { schema: z.iso.date(), description: 'a day in the past month', sample: ({ world, rng }: SampleScope) => addDays(world.today, -rng.int(1, HISTORY_DAYS)) },
  },
  path: [{ name: 'history', tool: historyWeather.name, args: { q: ref.placeholder('city'), dt: ref.placeholder('date') } }],
  answer: ({ outputs }) => output<Forecast>(outputs, 'history').forecast.forecastday[0]!.day.totalprecip_mm,
  compare: { kind: 'number', tolerance: 0.05 },
});

export const weatherWarmerBy = toolbenchTemplate({
  id: 'weather.warmer_by',
  domain,
  split: 'unseen-instruction',
  text: 'Right now, how many degrees Celsius warmer is it in {warm} than in {cool}?',
  paraphrases: ['By how many °C does the current temperature in {warm} exceed the one in {cool}?'],
  placeholders: { warm: city('the warmer city'), cool: city('a cooler city', ['warm']) },
  path: [
    { name: 'warm', tool: realtimeWeather.name, args: { q: ref.placeholder('warm') } },
    { name: 'cool', tool: realtimeWeather.name, args: { q: ref.placeholder('cool') } },
  ],
  answer: ({ outputs }) => roundTo(output<Current>(outputs, 'warm').current.temp_c - output<Current>(outputs, 'cool').current.temp_c, 1),
  compare: { kind: 'number', tolerance: 0.051 },
  accept: ({ outputs }) => output<Current>(outputs, 'warm').current.temp_c - output<Current>(outputs, 'cool').current.temp_c >= 0.5 || 'the first city is not warmer',
  offer: { extra: [getCurrentTemp.name] },
});

export const weatherTemplates = [weatherCurrentHumidity, weatherWettestDay, weatherAverageHigh, weatherPastRain, weatherWarmerBy];
