import { z } from 'zod';
import { ref } from '../../../src/index.js';
import { addDays, daysBetween } from '../dates.js';
import { forecastWeather, type ForecastOutput } from '../tools/weather.js';
import { bookFlight, bookHotel, listReservations, searchFlights, searchHotels, type HotelBookingOutput, type SearchFlightsOutput, type SearchHotelsOutput } from '../tools/travel.js';
import { FIRST_NAMES, LAST_NAMES } from '../world/names.js';
import { PLACES } from '../world/places.js';
import { FLIGHT_DAYS } from '../world/travel.js';
import { FORECAST_DAYS } from '../world/weather.js';
import { output, sum, toolbenchTemplate, uniqueMax, uniqueMin, type Outputs, type SampleScope } from './define.js';

type Flights = z.infer<typeof SearchFlightsOutput>;
type Hotels = z.infer<typeof SearchHotelsOutput>;

const domain = 'Travel' as const;

const cityOf = (iata: string): string => PLACES.find((p) => p.iata === iata)!.city;
const person = { schema: z.string().min(1), description: 'a traveller', sample: ({ rng }: SampleScope) => `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}` };
const route = {
  schema: z.string().regex(/^[A-Z]{3}-[A-Z]{3}$/),
  description: 'a served route, as IATA codes',
  sample: ({ world, rng }: SampleScope) => rng.pick(world.travel.routes),
  format: (v: unknown) => `${cityOf(String(v).slice(0, 3))} to ${cityOf(String(v).slice(4))}`,
};
const flightDay = (maxAhead: number) => ({
  schema: z.iso.date(),
  description: 'a day in the coming days',
  sample: ({ world, rng }: SampleScope) => addDays(world.today, rng.int(1, maxAhead)),
});
const origin = ref.compute(({ values }) => cityOf(String(values['route']).slice(0, 3)));
const destination = ref.compute(({ values }) => cityOf(String(values['route']).slice(4)));
const bookable = (outputs: Outputs, step: string) => output<Flights>(outputs, step).data.itineraries.filter((f) => f.seats_left > 0);
const cheapest = (outputs: Outputs, step: string) => uniqueMin(bookable(outputs, step), (f) => f.price.raw);

export const travelCheapestFlight = toolbenchTemplate({
  id: 'travel.cheapest_flight',
  domain,
  split: 'train',
  text: 'What is the flight number of the cheapest flight with seats left for {route} on {date}?',
  paraphrases: ['I need to fly {route} on {date}. Which flight (number) is the cheapest one I can still book?'],
  placeholders: { route, date: flightDay(FLIGHT_DAYS - 1) },
  path: [{ name: 'flights', tool: searchFlights.name, args: { origin, destination, date: ref.placeholder('date') } }],
  answer: ({ outputs }) => cheapest(outputs, 'flights')?.flight_number ?? null,
  compare: { kind: 'normalized' },
  accept: ({ outputs }) => cheapest(outputs, 'flights') !== null || 'no single cheapest bookable flight',
});

const hotelCity = { schema: z.string().min(1), description: 'a city', sample: ({ rng }: SampleScope) => rng.pick(PLACES).city };
const bestHotel = (outputs: Outputs) => uniqueMax(output<Hotels>(outputs, 'hotels').result.filter((h) => h.rooms_left > 0), (h) => h.review_score);

export const travelBookBestHotel = toolbenchTemplate({
  id: 'travel.book_best_hotel',
  writes: ['hotelBookings'],
  domain,
  split: 'train',
  text: 'Book the best-reviewed hotel with at least {stars} stars in {city}, checking in {checkin} and out {checkout}, for {guest}. What is the total price?',
  paraphrases: ['For {guest}: reserve the highest-rated hotel (class {stars} or better) in {city} from {checkin} to {checkout}, and tell me the total cost.'],
  placeholders: {
    city: hotelCity,
    stars: { schema: z.number().int().min(2).max(4), description: 'minimum star class', sample: ({ rng }: SampleScope) => rng.int(2, 4) },
    checkin: { schema: z.iso.date(), description: 'check-in day', sample: ({ world, rng }: SampleScope) => addDays(world.today, rng.int(3, 40)) },
    checkout: { schema: z.iso.date(), description: 'check-out day', sample: ({ rng, values }: SampleScope) => addDays(values['checkin'] as string, rng.int(1, 6)) },
    guest: person,
  },
  path: [
    { name: 'hotels', tool: searchHotels.name, args: { dest: ref.placeholder('city'), checkin_date: ref.placeholder('checkin'), checkout_date: ref.placeholder('checkout'), min_class: ref.placeholder('stars') } },
    {
      name: 'booking',
      tool: bookHotel.name,
      args: { hotel_id: ref.compute(({ outputs }) => bestHotel(outputs)?.hotel_id ?? '', ['hotels']), checkin_date: ref.placeholder('checkin'), checkout_date: ref.placeholder('checkout'), guest_name: ref.placeholder('guest') },
    },
  ],
  answer: ({ outputs }) => output<z.infer<typeof HotelBookingOutput>>(outputs, 'booking').total_price,
  compare: { kind: 'number', tolerance: 0.01 },
  accept: ({ outputs }) => bestHotel(outputs) !== null || 'no single best hotel with rooms',
  checkState: ({ state, world, values }) => {
    const eligible = (world.travel.hotelsByCity.get(values['city'] as string) ?? []).filter((h) => h.stars >= (values['stars'] as number) && h.rooms > 0);
    const best = [...eligible].sort((a, b) => b.review_score - a.review_score)[0];
    const ok = state.hotelBookings.length === 1 && state.hotelBookings.some((b) => b.hotel_id === best?.id && b.status === 'confirmed' && b.guest === values['guest'] && b.checkin === values['checkin'] && b.checkout === values['checkout']);
    return ok ? null : `expected one reservation at ${best?.name ?? '?'} for ${String(values['guest'])}`;
  },
  offer: { extra: [listReservations.name] },
});

const earliest = (outputs: Outputs) => bookable(outputs, 'flights')[0] ?? null;

export const travelTripWeather = toolbenchTemplate({
  id: 'travel.trip_weather',
  writes: ['flightBookings'],
  domain,
  split: 'train',
  text: 'Book {passenger} on the earliest flight with free seats for {route} on {date}. Which flight number is it, and what high temperature (°C) is forecast at the destination that day?',
  paraphrases: ['{passenger} is flying {route} on {date}: book the first departure that still has seats, then tell me its flight number and the forecast maximum temperature at the arrival city in Celsius.'],
  placeholders: { route, date: flightDay(Math.min(FLIGHT_DAYS, FORECAST_DAYS) - 1), passenger: person },
  path: [
    { name: 'flights', tool: searchFlights.name, args: { origin, destination, date: ref.placeholder('date') } },
    { name: 'booking', tool: bookFlight.name, args: { flight_id: ref.compute(({ outputs }) => earliest(outputs)?.id ?? '', ['flights']), passenger_name: ref.placeholder('passenger') } },
    { name: 'forecast', tool: forecastWeather.name, args: { q: destination, days: ref.literal(FORECAST_DAYS) } },
  ],
  answer: ({ outputs, values }) => {
    const day = output<z.infer<typeof ForecastOutput>>(outputs, 'forecast').forecast.forecastday.find((d) => d.date === values['date']);
    return [earliest(outputs)?.flight_number ?? '', String(day?.day.maxtemp_c)];
  },
  compare: { kind: 'contains-all' },
  rivals: ({ outputs }) => [
    ...output<Flights>(outputs, 'flights').data.itineraries.map((f) => f.flight_number),
    ...output<z.infer<typeof ForecastOutput>>(outputs, 'forecast').forecast.forecastday.map((d) => String(d.day.maxtemp_c)),
  ],
  accept: ({ outputs }) => earliest(outputs) !== null || 'no bookable flight',
  checkState: ({ state, world, values }) => {
    const key = `${String(values['route']).replace('-', '|')}|${String(values['date'])}`;
    const first = (world.travel.flightsByKey.get(key) ?? []).find((f) => f.seats > 0);
    const ok = state.flightBookings.length === 1 && state.flightBookings[0]!.flight_id === first?.id && state.flightBookings[0]!.passenger === values['passenger'];
    return ok ? null : `expected one booking on ${first?.flight_number ?? '?'} for ${String(values['passenger'])}`;
  },
});

export const travelRoundTrip = toolbenchTemplate({
  id: 'travel.round_trip',
  writes: ['flightBookings'],
  domain,
  split: 'unseen-instruction',
  text: 'Book {passenger} on the cheapest bookable flight for {route} on {out}, and the cheapest bookable flight back on {back}. What do the two tickets cost together?',
  paraphrases: ['Round trip for {passenger}: {route} on {out}, returning {back}. Take the cheapest flight with seats each way, book both, and give me the total fare.'],
  placeholders: {
    route,
    out: flightDay(FLIGHT_DAYS - 4),
    back: { schema: z.iso.date(), description: 'the return day', sample: ({ world, rng, values }: SampleScope) => addDays(values['out'] as string, rng.int(1, Math.max(1, FLIGHT_DAYS - 1 - daysBetween(world.today, values['out'] as string)))) },
    passenger: person,
  },
  path: [
    { name: 'outbound', tool: searchFlights.name, args: { origin, destination, date: ref.placeholder('out') } },
    { name: 'inbound', tool: searchFlights.name, args: { origin: destination, destination: origin, date: ref.placeholder('back') } },
    { name: 'book_out', tool: bookFlight.name, args: { flight_id: ref.compute(({ outputs }) => cheapest(outputs, 'outbound')?.id ?? '', ['outbound']), passenger_name: ref.placeholder('passenger') } },
    { name: 'book_back', tool: bookFlight.name, args: { flight_id: ref.compute(({ outputs }) => cheapest(outputs, 'inbound')?.id ?? '', ['inbound']), passenger_name: ref.placeholder('passenger') } },
  ],
  answer: ({ outputs }) => sum([cheapest(outputs, 'outbound')?.price.raw ?? 0, cheapest(outputs, 'inbound')?.price.raw ?? 0]),
  compare: { kind: 'number', tolerance: 0.01 },
  accept: ({ outputs }) => (cheapest(outputs, 'outbound') !== null && cheapest(outputs, 'inbound') !== null) || 'no single cheapest flight each way',
  checkState: ({ state, world, values }) => {
    const [from, to] = String(values['route']).split('-');
    const cheapestOn = (a: string | undefined, b: string | undefined, date: unknown) =>
      [...(world.travel.flightsByKey.get(`${a}|${b}|${String(date)}`) ?? [])].filter((f) => f.seats > 0).sort((x, y) => x.price - y.price)[0];
    const want = [cheapestOn(from, to, values['out']), cheapestOn(to, from, values['back'])];
    const booked = state.flightBookings;
    const ok = booked.length === 2 && want.every((f) => f !== undefined && booked.some((b) => b.flight_id === f.id && b.status === 'confirmed' && b.passenger === values['passenger']));
    return ok ? null : `expected exactly two bookings for ${String(values['passenger'])}: ${want.map((f) => f?.flight_number ?? '?').join(' out, ')} back`;
  },
});

export const travelTemplates = [travelCheapestFlight, travelBookBestHotel, travelTripWeather, travelRoundTrip];
