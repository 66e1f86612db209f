import { z } from 'zod';
import { holdingViews } from '../../../src/core/shared-json.js';
import { SharedViews } from '../../../src/core/shared-views.js';
import { defineApi, badRequest, conflict, notFound, type ToolBenchContext } from '../api.js';
import { addDays, daysBetween } from '../dates.js';
import { round2 } from '../money.js';
import { nextId, type ToolBenchState } from '../state.js';
import { findPlace } from '../world/places.js';
import type { Flight, Hotel, TravelWorld } from '../world/travel.js';

const SKYSCANNER = 'Skyscanner';
const KAYAK = 'Kayak';
const BOOKING = 'Booking.com';
const HOTELS = 'Hotels.com';
const domain = 'Travel' as const;

const travel = (ctx: ToolBenchContext): TravelWorld => ctx.world.travel;

/** Seats still for sale on a flight after this episode's bookings. */
export function seatsLeft(state: ToolBenchState, flight: Flight): number {
  let booked = 0;
  for (const b of state.flightBookings) if (b.flight_id === flight.id && b.status === 'confirmed') booked++;
  return flight.seats - booked;
}

/** Rooms free on every night of [checkin, checkout) after this episode's bookings. */
export function roomsLeft(state: ToolBenchState, hotel: Hotel, checkin: string, checkout: string): number {
  // Without a confirmed booking of this hotel no night has a room taken: no night is walked.
  if (!state.hotelBookings.some((b) => b.hotel_id === hotel.id && b.status === 'confirmed')) return hotel.rooms;
  let worst = 0;
  for (let night = checkin; night < checkout; night = addDays(night, 1)) {
    let taken = 0;
    for (const b of state.hotelBookings) if (b.hotel_id === hotel.id && b.status === 'confirmed' && b.checkin <= night && night < b.checkout) taken++;
    worst = Math.max(worst, taken);
  }
  return hotel.rooms - worst;
}

function flightsOn(ctx: ToolBenchContext, origin: string, destination: string, date: string): Flight[] | string {
  const from = findPlace(origin);
  const to = findPlace(destination);
  if (!from) return `unknown origin ${JSON.stringify(origin)}`;
  if (!to) return `unknown destination ${JSON.stringify(destination)}`;
  return [...(travel(ctx).flightsByKey.get(`${from.iata}|${to.iata}|${date}`) ?? [])];
}

export const SearchFlightsOutput = z.object({
  status: z.boolean(),
  data: z.object({
    itineraries: z.array(z.object({
      id: z.string(),
      flight_number: z.string(),
      carrier: z.object({ name: z.string() }),
      origin: z.string(),
      destination: z.string(),
      departure: z.string(),
      arrival: z.string(),
      duration_minutes: z.number().int(),
      stops: z.number().int(),
      price: z.object({ raw: z.number(), formatted: z.string() }),
      seats_left: z.number().int(),
    })),
  }),
});

/** A flight as Skyscanner lists it; the variant is the seats left. */
const itinerary = (f: Flight, _: null, seats: string | number) => ({
  id: f.id,
  flight_number: f.flight_number,
  carrier: { name: f.airline },
  origin: f.from,
  destination: f.to,
  departure: `${f.date}T${f.depart}`,
  arrival: f.arrive,
  duration_minutes: f.duration_min,
  stops: f.stops,
  price: { raw: f.price, formatted: `$${f.price}` },
  seats_left: seats as number,
});
const itineraryViews = new SharedViews(itinerary);

export const searchFlights = defineApi({
  api: 'Search Flights',
  tool: SKYSCANNER,
  domain,
  capability: 'travel.flight_search',
  description: 'One-way flights between two airports (IATA code or city) on a date, earliest departure first, with fares in USD and seats left.',
  input: z.object({ origin: z.string(), destination: z.string(), date: z.iso.date().describe('Departure day, YYYY-MM-DD') }),
  output: SearchFlightsOutput,
  handler: ({ origin, destination, date }, ctx) => {
    const found = flightsOn(ctx, origin, destination, date);
    if (typeof found === 'string') return badRequest(found);
    return holdingViews({ status: true, data: { itineraries: found.map((f) => itineraryViews.of(f, null, seatsLeft(ctx.state, f))) } });
  },
});

export const searchFlightsKayak = defineApi({
  api: 'Search Flights',
  tool: KAYAK,
  domain,
  capability: 'travel.flight_search',
  adapt: (a) => ({ from_code: a['origin']!, to_code: a['destination']!, depart_date: a['date']! }),
  description: 'Kayak one-way fares by airport code and departure date; durations in hours, prices as text.',
  input: z.object({ from_code: z.string(), to_code: z.string(), depart_date: z.iso.date() }),
  output: z.object({ flights: z.array(z.object({ flightId: z.string(), airline: z.string(), flightNo: z.string(), departTime: z.string(), arriveTime: z.string(), durationHours: z.number(), stops: z.number().int(), totalPrice: z.string(), seatsAvailable: z.number().int() })) }),
  handler: ({ from_code, to_code, depart_date }, ctx) => {
    const found = flightsOn(ctx, from_code, to_code, depart_date);
    if (typeof found === 'string') return badRequest(found);
    return {
      flights: found
        .slice()
        .sort((a, b) => a.price - b.price || (a.depart < b.depart ? -1 : 1))
        .map((f) => ({ flightId: f.id, airline: f.airline, flightNo: f.flight_number, departTime: f.depart, arriveTime: f.arrive, durationHours: round2(f.duration_min / 60), stops: f.stops, totalPrice: `$${f.price}.00`, seatsAvailable: seatsLeft(ctx.state, f) })),
    };
  },
});

export const FlightBookingOutput = z.object({ booking_id: z.string(), flight_id: z.string(), flight_number: z.string(), passenger: z.string(), price: z.number(), status: z.string() });

export const bookFlight = defineApi({
  api: 'Book Flight',
  tool: SKYSCANNER,
  domain,
  writes: true,
  description: 'Books one seat on a flight (by its itinerary id) for a passenger.',
  input: z.object({ flight_id: z.string(), passenger_name: z.string().min(1).max(80) }),
  output: FlightBookingOutput,
  handler: ({ flight_id, passenger_name }, ctx) => {
    const f = travel(ctx).flightById.get(flight_id);
    if (!f) return notFound('flight', flight_id);
    if (seatsLeft(ctx.state, f) <= 0) return conflict(`flight ${f.flight_number} on ${f.date} is sold out`);
    const booking = { id: nextId(ctx.state, 'FB'), flight_id: f.id, passenger: passenger_name, price: f.price, status: 'confirmed' as const };
    ctx.state.flightBookings.push(booking);
    return { booking_id: booking.id, flight_id: f.id, flight_number: f.flight_number, passenger: passenger_name, price: f.price, status: booking.status };
  },
});

function hotelsFor(ctx: ToolBenchContext, city: string, checkin: string, checkout: string): { hotels: readonly Hotel[]; nights: number } | string {
  const place = findPlace(city);
  if (!place) return `unknown destination ${JSON.stringify(city)}`;
  const nights = daysBetween(checkin, checkout);
  if (nights < 1 || nights > 14) return 'stays must be 1 to 14 nights, checkout after checkin';
  const ahead = daysBetween(ctx.world.today, checkin);
  if (ahead < 0 || ahead > 90) return `checkin must be between today (${ctx.world.today}) and 90 days ahead`;
  return { hotels: travel(ctx).hotelsByCity.get(place.city) ?? [], nights };
}

export const SearchHotelsOutput = z.object({
  count: z.number().int(),
  result: z.array(z.object({ hotel_id: z.string(), hotel_name: z.string(), class: z.number().int(), review_score: z.number(), price_per_night: z.number(), min_total_price: z.number(), currency: z.string(), rooms_left: z.number().int(), address: z.string() })),
});

export const searchHotels = defineApi({
  api: 'Search Hotels',
  tool: BOOKING,
  domain,
  capability: 'travel.hotel_search',
  description: 'Hotels in a city for a stay (checkin to checkout), with star class, review score out of 10, nightly and total prices in USD and rooms left for those dates.',
  input: z.object({ dest: z.string().describe('City'), checkin_date: z.iso.date(), checkout_date: z.iso.date(), min_class: z.number().int().min(1).max(5).optional() }),
  output: SearchHotelsOutput,
  handler: ({ dest, checkin_date, checkout_date, min_class }, ctx) => {
    const found = hotelsFor(ctx, dest, checkin_date, checkout_date);
    if (typeof found === 'string') return badRequest(found);
    const list = found.hotels.filter((h) => min_class === undefined || h.stars >= min_class);
    return {
      count: list.length,
      result: list.map((h) => ({
        hotel_id: h.id,
        hotel_name: h.name,
        class: h.stars,
        review_score: h.review_score,
        price_per_night: h.price_per_night,
        min_total_price: h.price_per_night * found.nights,
        currency: 'USD',
        rooms_left: roomsLeft(ctx.state, h, checkin_date, checkout_date),
        address: h.address,
      })),
    };
  },
});

export const hotelSearchHotelsCom = defineApi({
  api: 'Hotel Search',
  tool: HOTELS,
  domain,
  capability: 'travel.hotel_search',
  adapt: (a) => {
    const out: Record<string, string | number> = { location: a['dest'] as string, check_in: a['checkin_date'] as string, check_out: a['checkout_date'] as string };
    if (a['min_class'] !== undefined) out['star_rating_min'] = a['min_class'] as number;
    return out;
  },
  description: 'Hotels.com properties for a city and stay; guest rating out of 10, lead price per night and total.',
  input: z.object({ location: z.string(), check_in: z.iso.date(), check_out: z.iso.date(), star_rating_min: z.number().int().min(1).max(5).optional() }),
  output: z.object({ properties: z.array(z.object({ id: z.string(), name: z.string(), star: z.number().int(), guestRating: z.object({ score: z.number() }), price: z.object({ lead: z.object({ amount: z.number() }), total: z.number() }), availableRooms: z.number().int() })) }),
  handler: ({ location, check_in, check_out, star_rating_min }, ctx) => {
    const found = hotelsFor(ctx, location, check_in, check_out);
    if (typeof found === 'string') return badRequest(found);
    return {
      properties: found.hotels
        .filter((h) => star_rating_min === undefined || h.stars >= star_rating_min)
        .map((h) => ({ id: h.id, name: h.name, star: h.stars, guestRating: { score: h.review_score }, price: { lead: { amount: h.price_per_night }, total: h.price_per_night * found.nights }, availableRooms: roomsLeft(ctx.state, h, check_in, check_out) })),
    };
  },
});

export const HotelBookingOutput = z.object({ reservation_id: z.string(), hotel_id: z.string(), hotel_name: z.string(), guest_name: z.string(), checkin: z.string(), checkout: z.string(), nights: z.number().int(), total_price: z.number(), status: z.string() });

const reservationView = (hotelName: string, b: { id: string; hotel_id: string; guest: string; checkin: string; checkout: string; nights: number; total: number; status: string }) => ({
  reservation_id: b.id, hotel_id: b.hotel_id, hotel_name: hotelName, guest_name: b.guest, checkin: b.checkin, checkout: b.checkout, nights: b.nights, total_price: b.total, status: b.status,
});

export const bookHotel = defineApi({
  api: 'Book Hotel',
  tool: BOOKING,
  domain,
  writes: true,
  description: 'Reserves one room at a hotel for a stay; fails when no room is free on some night.',
  input: z.object({ hotel_id: z.string(), checkin_date: z.iso.date(), checkout_date: z.iso.date(), guest_name: z.string().min(1).max(80) }),
  output: HotelBookingOutput,
  handler: ({ hotel_id, checkin_date, checkout_date, guest_name }, ctx) => {
    const h = travel(ctx).hotelById.get(hotel_id);
    if (!h) return notFound('hotel', hotel_id);
    const found = hotelsFor(ctx, h.city, checkin_date, checkout_date);
    if (typeof found === 'string') return badRequest(found);
    if (roomsLeft(ctx.state, h, checkin_date, checkout_date) <= 0) return conflict(`${h.name} has no room free for ${checkin_date} to ${checkout_date}`);
    const booking = { id: nextId(ctx.state, 'HB'), hotel_id: h.id, guest: guest_name, checkin: checkin_date, checkout: checkout_date, nights: found.nights, total: h.price_per_night * found.nights, status: 'confirmed' as const };
    ctx.state.hotelBookings.push(booking);
    return reservationView(h.name, booking);
  },
});

export const cancelReservation = defineApi({
  api: 'Cancel Reservation',
  tool: BOOKING,
  domain,
  writes: true,
  description: 'Cancels a hotel reservation; the room becomes free again.',
  input: z.object({ reservation_id: z.string() }),
  output: HotelBookingOutput,
  handler: ({ reservation_id }, ctx) => {
    const b = ctx.state.hotelBookings.find((x) => x.id === reservation_id);
    if (!b) return notFound('reservation', reservation_id);
    if (b.status === 'cancelled') return conflict(`reservation ${reservation_id} is already cancelled`);
    b.status = 'cancelled';
    return reservationView(travel(ctx).hotelById.get(b.hotel_id)!.name, b);
  },
});

export const listReservations = defineApi({
  api: 'List Reservations',
  tool: BOOKING,
  domain,
  description: 'Every hotel reservation made so far, with its status.',
  input: z.object({}),
  output: z.object({ reservations: z.array(HotelBookingOutput) }),
  handler: (_args, ctx) => ({ reservations: ctx.state.hotelBookings.map((b) => reservationView(travel(ctx).hotelById.get(b.hotel_id)!.name, b)) }),
});

export const travelTools = [searchFlights, searchFlightsKayak, bookFlight, searchHotels, hotelSearchHotelsCom, bookHotel, cancelReservation, listReservations];
