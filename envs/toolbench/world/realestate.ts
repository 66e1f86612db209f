import { addDays } from '../dates.js';
import type { DomainContext } from './context.js';
import { groupBy, indexBy } from './context.js';
import { scaled, uniqueIds, uniqueNames, uniqueStrings } from './names.js';
import { US_PLACES } from './places.js';

export type ListingStatus = 'for_sale' | 'for_rent';
export type PropertyType = 'single_family' | 'condo' | 'townhouse' | 'multi_family';

export interface Listing {
  readonly property_id: string;
  readonly status: ListingStatus;
  /** Sale price in USD, or monthly rent in USD. */
  readonly price: number;
  readonly beds: number;
  readonly baths: number;
  readonly sqft: number;
  readonly type: PropertyType;
  readonly year_built: number;
  readonly hoa_fee: number;
  readonly line: string;
  readonly city: string;
  readonly state_code: string;
  readonly postal_code: string;
  readonly list_date: string;
  readonly agent_id: string;
}

export interface Agent {
  readonly id: string;
  readonly name: string;
  readonly phone: string;
  readonly email: string;
  readonly brokerage: string;
  readonly rating: number;
  readonly review_count: number;
}

export interface RealEstateWorld {
  readonly listings: readonly Listing[];
  readonly agents: readonly Agent[];
  readonly listingById: ReadonlyMap<string, Listing>;
  readonly agentById: ReadonlyMap<string, Agent>;
  /** Listings per city, newest listing first. */
  readonly listingsByCity: ReadonlyMap<string, readonly Listing[]>;
}

const STREETS = ['Oak', 'Maple', 'Cedar', 'Pine', 'Elm', 'Willow', 'Lakeview', 'Sunset', 'Highland', 'Park', 'River', 'Hillcrest', 'Juniper', 'Magnolia', 'Aspen', 'Birch'];
const SUFFIXES = ['St', 'Ave', 'Rd', 'Ln', 'Dr', 'Ct', 'Way', 'Blvd'];
const BROKERAGES = ['Keystone Realty', 'Bluebird Homes', 'Summit Property Group', 'Harbor & Hill Real Estate', 'Open Door Brokers', 'Cornerstone Realty'];
const TYPES: readonly PropertyType[] = ['single_family', 'single_family', 'condo', 'townhouse', 'multi_family'];
/** Rough price level of each city relative to the national median. */
const PRICE_LEVEL: Readonly<Record<string, number>> = {
  'New York': 2.1, 'Los Angeles': 2.2, Chicago: 1.0, Houston: 0.8, Phoenix: 0.9, Seattle: 1.8, Denver: 1.3, Boston: 1.9, Miami: 1.4, Atlanta: 0.9, 'San Francisco': 2.8, Austin: 1.2,
};

export function buildRealEstate(ctx: DomainContext): RealEstateWorld {
  const { rng, today } = ctx;
  const agentCount = scaled(24, ctx.scale, 8);
  const agentNames = uniqueNames(rng, agentCount);
  const agentIds = uniqueIds(rng, agentCount, '', 7);
  const agents: Agent[] = agentNames.map((name, i) => ({
    id: agentIds[i]!,
    name,
    phone: `(555) ${String(rng.int(100, 999))}-${String(rng.int(1000, 9999))}`,
    email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@${rng.pick(['keystone', 'bluebird', 'summit', 'openhome'])}.example`,
    brokerage: rng.pick(BROKERAGES),
    rating: Math.round((3.5 + rng.next() * 1.5) * 10) / 10,
    review_count: rng.int(3, 240),
  }));

  const perCity = scaled(12, ctx.scale, 6);
  const total = perCity * US_PLACES.length;
  const ids = uniqueIds(rng, total, 'M', 10);
  const lines = uniqueStrings(total, () => `${rng.int(10, 9899)} ${rng.pick(STREETS)} ${rng.pick(SUFFIXES)}`);
  const listings: Listing[] = [];
  let k = 0;
  for (const place of US_PLACES) {
    const zipBase = rng.int(10000, 98000);
    const level = PRICE_LEVEL[place.city] ?? 1;
    for (let i = 0; i < perCity; i++, k++) {
      const status: ListingStatus = rng.chance(0.6) ? 'for_sale' : 'for_rent';
      const beds = rng.int(1, 6);
      const sqft = Math.round((450 + beds * 380 + rng.int(-150, 600)) / 10) * 10;
      const type = beds === 1 ? 'condo' : rng.pick(TYPES);
      const price = status === 'for_sale' ? Math.round((sqft * 180 * level * (0.7 + rng.next() * 0.7)) / 1000) * 1000 : Math.round((sqft * 1.4 * level * (0.7 + rng.next() * 0.6)) / 5) * 5;
      listings.push({
        property_id: ids[k]!,
        status,
        price,
        beds,
        baths: Math.max(1, Math.min(beds + 1, rng.int(2, 9) / 2)),
        sqft,
        type,
        year_built: rng.int(1920, 2023),
        hoa_fee: type === 'condo' || type === 'townhouse' ? rng.int(8, 60) * 10 : 0,
        line: lines[k]!,
        city: place.city,
        state_code: place.state!,
        postal_code: String(zipBase + rng.int(0, 90)),
        list_date: addDays(today, -rng.int(0, 120)),
        agent_id: rng.pick(agents).id,
      });
    }
  }
  const listingsByCity = new Map<string, Listing[]>();
  for (const [city, list] of groupBy(listings, (l) => l.city)) {
    listingsByCity.set(city, [...list].sort((a, b) => (a.list_date < b.list_date ? 1 : a.list_date > b.list_date ? -1 : a.property_id < b.property_id ? -1 : 1)));
  }
  return { listings, agents, listingById: indexBy(listings, 'property_id'), agentById: indexBy(agents, 'id'), listingsByCity };
}
