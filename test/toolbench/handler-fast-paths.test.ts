import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../envs/toolbench/dates.js';
import { createState, type HotelBooking } from '../../envs/toolbench/state.js';
import { businessSearch } from '../../envs/toolbench/tools/food.js';
import { matchScore, prepareQuery } from '../../envs/toolbench/tools/text-match.js';
import { roomsLeft } from '../../envs/toolbench/tools/travel.js';
import type { Hotel } from '../../envs/toolbench/world/travel.js';
import { world } from './helpers.js';

/** roomsLeft as defined: the most rooms taken on any night of the stay, by confirmed bookings of the hotel. */
function plainRoomsLeft(bookings: readonly HotelBooking[], hotel: Hotel, checkin: string, checkout: string): number {
  let worst = 0;
  for (let night = checkin; night < checkout; night = addDays(night, 1)) {
    let taken = 0;
    for (const b of bookings) if (b.hotel_id === hotel.id && b.status === 'confirmed' && b.checkin <= night && night < b.checkout) taken++;
    worst = Math.max(worst, taken);
  }
  return hotel.rooms - worst;
}

describe('roomsLeft', () => {
  it('equals the night-by-night count for any bookings (other hotels, cancelled, overlapping or not)', () => {
    const hotel: Hotel = { id: 'H1', name: 'h', city: 'c', stars: 3, review_score: 8, price_per_night: 100, rooms: 4, address: 'a' };
    const day = fc.integer({ min: 0, max: 12 }).map((d) => addDays('2024-06-01', d));
    const booking = fc.record({ hotel: fc.constantFrom('H1', 'H2'), status: fc.constantFrom('confirmed', 'cancelled') as fc.Arbitrary<'confirmed' | 'cancelled'>, from: day, nights: fc.integer({ min: 1, max: 5 }) });
    fc.assert(
      fc.property(fc.array(booking, { maxLength: 6 }), day, fc.integer({ min: 0, max: 6 }), (raw, checkin, nights) => {
        const state = createState(0);
        state.hotelBookings = raw.map((b, i) => ({ id: `HB-${i}`, hotel_id: b.hotel, guest: 'g', checkin: b.from, checkout: addDays(b.from, b.nights), nights: b.nights, total: 1, status: b.status }));
        const checkout = addDays(checkin, nights);
        expect(roomsLeft(state, hotel, checkin, checkout)).toBe(plainRoomsLeft(state.hotelBookings, hotel, checkin, checkout));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('restaurant search', () => {
  it('lists the restaurants of the city whose lower-cased name matches the term or whose cuisine is it, within the price', () => {
    const cities = [...world.food.restaurantsByCity.keys()];
    const words = [...new Set(world.food.restaurants.flatMap((r) => [...r.name.split(' '), r.cuisine, r.name]))];
    const term = fc.option(fc.oneof(fc.constantFrom(...words), fc.constantFrom(...words).map((w) => w.toUpperCase()), fc.constantFrom(...words).map((w) => ` ${w.slice(1, 4)} `), fc.string({ maxLength: 4 })), { nil: undefined });
    const ctx = { world, state: createState(0), get rng(): never { throw new Error('no stream'); } };
    fc.assert(
      fc.property(fc.constantFrom(...cities), term, fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }), (city, t, maxPrice) => {
        const out = businessSearch.handler({ location: city, term: t, max_price: maxPrice, sort_by: 'best_match' }, ctx as never) as { total: number; businesses: { id: string }[] };
        const q = prepareQuery(t ?? '');
        const plain = (world.food.restaurantsByCity.get(city) ?? []).filter(
          (r) => (maxPrice === undefined || r.price_level <= maxPrice) && (q.text === '' || matchScore(r.name.toLowerCase(), q) > 0 || r.cuisine.toLowerCase() === q.text),
        );
        expect(out.businesses.map((b) => b.id)).toEqual(plain.map((r) => r.id));
        expect(out.total).toBe(plain.length);
      }),
      { numRuns: 1500 },
    );
  });
});
