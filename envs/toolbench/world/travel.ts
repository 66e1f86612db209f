import { addDays } from '../dates.js';
import type { DomainContext } from './context.js';
import { groupBy, indexBy } from './context.js';
import { LAST_NAMES, scaled, uniqueStrings } from './names.js';
import { PLACES, type Place } from './places.js';

export interface Airline {
  readonly code: string;
  readonly name: string;
}

export interface Flight {
  readonly id: string;
  readonly flight_number: string;
  readonly airline: string;
  readonly from: string;
  readonly to: string;
  readonly date: string;
  /** Local departure and arrival times, HH:MM (arrival may be the next day). */
  readonly depart: string;
  readonly arrive: string;
  readonly duration_min: number;
  readonly stops: number;
  readonly price: number;
  readonly seats: number;
}

export interface Hotel {
  readonly id: string;
  readonly name: string;
  readonly city: string;
  readonly stars: number;
  /** Guest review score out of 10. */
  readonly review_score: number;
  readonly price_per_night: number;
  readonly rooms: number;
  readonly address: string;
}

export interface TravelWorld {
  readonly airlines: readonly Airline[];
  readonly flights: readonly Flight[];
  readonly hotels: readonly Hotel[];
  /** Directed routes as `FROM-TO` IATA pairs. */
  readonly routes: readonly string[];
  readonly flightById: ReadonlyMap<string, Flight>;
  /** Flights by `FROM|TO|date`, earliest departure first. */
  readonly flightsByKey: ReadonlyMap<string, readonly Flight[]>;
  readonly hotelById: ReadonlyMap<string, Hotel>;
  readonly hotelsByCity: ReadonlyMap<string, readonly Hotel[]>;
}

/** How many days ahead flights are on sale. */
export const FLIGHT_DAYS = 10;

const AIRLINES: readonly Airline[] = [
  { code: 'SK', name: 'Skyward Air' }, { code: 'BL', name: 'Bluejet' }, { code: 'NW', name: 'Northwind Airways' },
  { code: 'PC', name: 'Pacifica' }, { code: 'AT', name: 'Atlas Air Lines' }, { code: 'CR', name: 'Coral Airways' },
];
const HOTEL_A = ['Grand', 'Royal', 'Harbor', 'Park', 'City', 'Garden', 'Riverside', 'Central', 'Boutique', 'Skyline', 'Old Town', 'Lakeside'];
const HOTEL_B = ['Hotel', 'Inn', 'Suites', 'Lodge', 'Residence', 'Plaza'];

function distanceKm(a: Place, b: Place): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 12_742 * Math.asin(Math.sqrt(h));
}

const hhmm = (minutes: number): string => `${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export function buildTravel(ctx: DomainContext): TravelWorld {
  const { rng, today } = ctx;
  const routeCount = scaled(26, ctx.scale, 14, 250);
  const pairs = new Set<string>();
  while (pairs.size < routeCount) {
    const [a, b] = rng.sample(PLACES, 2) as [Place, Place];
    pairs.add(a.iata < b.iata ? `${a.iata}-${b.iata}` : `${b.iata}-${a.iata}`);
  }
  const routes = [...pairs].flatMap((p) => {
    const [a, b] = p.split('-') as [string, string];
    return [`${a}-${b}`, `${b}-${a}`];
  });
  const byIata = new Map(PLACES.map((p) => [p.iata, p]));
  const dates = Array.from({ length: FLIGHT_DAYS }, (_, d) => addDays(today, d));
  const compactDates = dates.map((d) => d.replace(/-/g, ''));
  const flights: Flight[] = [];
  const usedNumbers = new Set<string>();
  for (const route of routes) {
    const [from, to] = route.split('-') as [string, string];
    const km = distanceKm(byIata.get(from)!, byIata.get(to)!);
    const baseDuration = Math.round(40 + km / 13);
    const carriers = rng.sample(AIRLINES, rng.int(1, 2));
    const services = carriers.map((airline) => {
      let number = '';
      do number = `${airline.code}${rng.int(100, 2999)}`; while (usedNumbers.has(number));
      usedNumbers.add(number);
      const depart = rng.int(5 * 12, 22 * 12) * 5;
      return { airline, number, depart, departText: hhmm(depart), stops: km > 9000 && rng.chance(0.5) ? 1 : 0, fare: 60 + km * (0.06 + rng.next() * 0.08) };
    });
    for (let d = 0; d < FLIGHT_DAYS; d++) {
      const date = dates[d]!;
      const compact = compactDates[d]!;
      for (const s of services) {
        if (!rng.chance(0.85)) continue;
        const duration = baseDuration + s.stops * rng.int(60, 150) + rng.int(-10, 10);
        flights.push({
          id: `${s.number}-${compact}`,
          flight_number: s.number,
          airline: s.airline.name,
          from,
          to,
          date,
          depart: s.departText,
          arrive: hhmm(s.depart + duration),
          duration_min: duration,
          stops: s.stops,
          price: Math.round(s.fare * (0.8 + rng.next() * 0.7)),
          seats: rng.int(0, 9) === 0 ? 0 : rng.int(1, 40),
        });
      }
    }
  }

  const perCity = scaled(6, ctx.scale, 4, 36);
  const hotels: Hotel[] = [];
  for (const place of PLACES) {
    const names = uniqueStrings(perCity, () => `${rng.pick(HOTEL_A)} ${rng.pick(HOTEL_B)} ${place.city}`);
    names.forEach((name, i) => {
      const stars = rng.int(2, 5);
      hotels.push({
        id: `${place.iata.toLowerCase()}${String(rng.int(10000, 99999))}${i}`,
        name,
        city: place.city,
        stars,
        review_score: Math.round((6 + rng.next() * 3.8) * 10) / 10,
        price_per_night: Math.round(35 + stars * 38 * (0.7 + rng.next() * 0.8)),
        rooms: rng.int(0, 6) === 0 ? 0 : rng.int(1, 12),
        address: `${rng.int(1, 300)} ${rng.pick(LAST_NAMES)} Road, ${place.city}`,
      });
    });
  }

  const flightsByKey = new Map<string, Flight[]>();
  for (const [key, list] of groupBy(flights, (f) => `${f.from}|${f.to}|${f.date}`)) flightsByKey.set(key, [...list].sort((a, b) => (a.depart < b.depart ? -1 : a.depart > b.depart ? 1 : 0)));
  return {
    airlines: AIRLINES,
    flights,
    hotels,
    routes,
    flightById: indexBy(flights, 'id'),
    flightsByKey,
    hotelById: indexBy(hotels, 'id'),
    hotelsByCity: groupBy(hotels, (h) => h.city),
  };
}
