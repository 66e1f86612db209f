import { z } from 'zod';
import { holdingViews } from '../../../src/core/shared-json.js';
import { SharedViews } from '../../../src/core/shared-views.js';
import { defineApi, badRequest, notFound, type ToolBenchContext } from '../api.js';
import { daysBetween } from '../dates.js';
import { round2 } from '../money.js';
import { nextId } from '../state.js';
import { findPlace } from '../world/places.js';
import type { Listing, RealEstateWorld } from '../world/realestate.js';

const REALTOR = 'Realtor';
const ZILLOW = 'Zillow';
const NINJAS = 'Mortgage Calculator by API Ninjas';
const domain = 'Data' as const;

const homes = (ctx: ToolBenchContext): RealEstateWorld => ctx.world.realEstate;

const listingView = (l: Listing) => ({
  property_id: l.property_id,
  status: l.status,
  list_price: l.price,
  list_date: l.list_date,
  description: { beds: l.beds, baths: l.baths, sqft: l.sqft, type: l.type },
  location: { address: { line: l.line, city: l.city, state_code: l.state_code, postal_code: l.postal_code } },
});
const listingViews = new SharedViews(listingView);

function cityListings(ctx: ToolBenchContext, city: string): readonly Listing[] | null {
  const place = findPlace(city);
  if (!place || place.state === null) return null;
  return homes(ctx).listingsByCity.get(place.city) ?? [];
}

export const PropertiesListOutput = z.object({
  meta: z.object({ total: z.number().int(), returned: z.number().int() }),
  properties: z.array(
    z.object({
      property_id: z.string(),
      status: z.enum(['for_sale', 'for_rent']),
      list_price: z.number(),
      list_date: z.string(),
      description: z.object({ beds: z.number().int(), baths: z.number(), sqft: z.number().int(), type: z.string() }),
      location: z.object({ address: z.object({ line: z.string(), city: z.string(), state_code: z.string(), postal_code: z.string() }) }),
    }),
  ),
});

export const propertiesList = defineApi({
  api: 'Properties List',
  tool: REALTOR,
  domain,
  capability: 'homes.search',
  description: 'Homes listed in a US city, newest listing first. status for_sale gives sale prices, for_rent gives monthly rents (USD); filter by minimum bedrooms and maximum price.',
  input: z.object({
    city: z.string().describe('US city name, e.g. Austin'),
    status: z.enum(['for_sale', 'for_rent']),
    beds_min: z.number().int().min(0).max(10).optional(),
    price_max: z.number().min(0).optional(),
    limit: z.number().int().min(1).max(50).default(20),
  }),
  output: PropertiesListOutput,
  handler: ({ city, status, beds_min, price_max, limit }, ctx) => {
    const list = cityListings(ctx, city);
    if (list === null) return notFound('US city', city);
    const hits = list.filter((l) => l.status === status && (beds_min === undefined || l.beds >= beds_min) && (price_max === undefined || l.price <= price_max));
    const shown = hits.slice(0, limit);
    return holdingViews({
      meta: { total: hits.length, returned: shown.length },
      properties: shown.map((l) => listingViews.of(l, null)),
    });
  },
});

const fullAddress = (l: Listing): string => `${l.line}, ${l.city}, ${l.state_code} ${l.postal_code}`;

export const propertyExtendedSearch = defineApi({
  api: 'PropertyExtendedSearch',
  tool: ZILLOW,
  domain,
  capability: 'homes.search',
  adapt: (a) => {
    const out: Record<string, string | number> = { location: a['city'] as string, status_type: a['status'] === 'for_rent' ? 'ForRent' : 'ForSale' };
    if (a['beds_min'] !== undefined) out['bedsMin'] = a['beds_min'] as number;
    if (a['price_max'] !== undefined) out['maxPrice'] = a['price_max'] as number;
    return out;
  },
  description: 'Zillow search of a location (city or "City, ST"): listings with zpid, full address, price, bedrooms, bathrooms and living area, 40 per page.',
  input: z.object({
    location: z.string(),
    status_type: z.enum(['ForSale', 'ForRent']).default('ForSale'),
    bedsMin: z.number().int().min(0).max(10).optional(),
    maxPrice: z.number().min(0).optional(),
    page: z.number().int().min(1).max(20).default(1),
  }),
  output: z.object({
    props: z.array(z.object({ zpid: z.string(), address: z.string(), price: z.number(), bedrooms: z.number().int(), bathrooms: z.number(), livingArea: z.number().int(), propertyType: z.string(), listingStatus: z.string() })),
    totalResultCount: z.number().int(),
    resultsPerPage: z.number().int(),
    totalPages: z.number().int(),
  }),
  handler: ({ location, status_type, bedsMin, maxPrice, page }, ctx) => {
    const list = cityListings(ctx, location);
    if (list === null) return notFound('location', location);
    const status = status_type === 'ForRent' ? 'for_rent' : 'for_sale';
    const hits = list.filter((l) => l.status === status && (bedsMin === undefined || l.beds >= bedsMin) && (maxPrice === undefined || l.price <= maxPrice));
    return {
      props: hits.slice((page - 1) * 40, page * 40).map((l) => ({
        zpid: l.property_id,
        address: fullAddress(l),
        price: l.price,
        bedrooms: l.beds,
        bathrooms: l.baths,
        livingArea: l.sqft,
        propertyType: l.type.toUpperCase(),
        listingStatus: status_type === 'ForRent' ? 'FOR_RENT' : 'FOR_SALE',
      })),
      totalResultCount: hits.length,
      resultsPerPage: 40,
      totalPages: Math.max(1, Math.ceil(hits.length / 40)),
    };
  },
});

export const PropertyDetailOutput = z.object({
  property_id: z.string(),
  status: z.string(),
  list_price: z.number(),
  price_per_sqft: z.number(),
  list_date: z.string(),
  description: z.object({ beds: z.number().int(), baths: z.number(), sqft: z.number().int(), type: z.string(), year_built: z.number().int(), hoa_fee: z.number() }),
  location: z.object({ address: z.object({ line: z.string(), city: z.string(), state_code: z.string(), postal_code: z.string() }) }),
  advertisers: z.array(z.object({ agent_id: z.string(), name: z.string(), type: z.string() })),
});

/** A listing's whole detail output, with its agent: one view per listing. */
function propertyDetail(l: Listing, w: RealEstateWorld) {
  const agent = w.agentById.get(l.agent_id)!;
  return {
    property_id: l.property_id,
    status: l.status,
    list_price: l.price,
    price_per_sqft: round2(l.price / l.sqft),
    list_date: l.list_date,
    description: { beds: l.beds, baths: l.baths, sqft: l.sqft, type: l.type, year_built: l.year_built, hoa_fee: l.hoa_fee },
    location: { address: { line: l.line, city: l.city, state_code: l.state_code, postal_code: l.postal_code } },
    advertisers: [{ agent_id: agent.id, name: agent.name, type: 'seller' }],
  };
}
const propertyDetailViews = new SharedViews(propertyDetail);

export const propertiesDetail = defineApi({
  api: 'Properties Detail',
  tool: REALTOR,
  domain,
  capability: 'homes.detail',
  description: 'Full listing of one property: price and price per sqft, year built, monthly HOA fee, address and the listing agent.',
  input: z.object({ property_id: z.string() }),
  output: PropertyDetailOutput,
  handler: ({ property_id }, ctx) => {
    const w = homes(ctx);
    const l = w.listingById.get(property_id);
    if (!l) return notFound('property', property_id);
    return propertyDetailViews.of(l, w);
  },
});

export const propertyZillow = defineApi({
  api: 'Property',
  tool: ZILLOW,
  domain,
  capability: 'homes.detail',
  adapt: (a) => ({ zpid: a['property_id']! }),
  description: 'Zillow details of one listing by zpid, including the listing agent.',
  input: z.object({ zpid: z.string() }),
  output: z.object({
    zpid: z.string(),
    price: z.number(),
    yearBuilt: z.number().int(),
    monthlyHoaFee: z.number(),
    bedrooms: z.number().int(),
    bathrooms: z.number(),
    livingArea: z.number().int(),
    address: z.object({ streetAddress: z.string(), city: z.string(), state: z.string(), zipcode: z.string() }),
    listedBy: z.object({ agentId: z.string(), name: z.string() }),
  }),
  handler: ({ zpid }, ctx) => {
    const w = homes(ctx);
    const l = w.listingById.get(zpid);
    if (!l) return notFound('zpid', zpid);
    const agent = w.agentById.get(l.agent_id)!;
    return {
      zpid: l.property_id,
      price: l.price,
      yearBuilt: l.year_built,
      monthlyHoaFee: l.hoa_fee,
      bedrooms: l.beds,
      bathrooms: l.baths,
      livingArea: l.sqft,
      address: { streetAddress: l.line, city: l.city, state: l.state_code, zipcode: l.postal_code },
      listedBy: { agentId: agent.id, name: agent.name },
    };
  },
});

export const AgentProfileOutput = z.object({
  advertiser_id: z.string(),
  name: z.string(),
  phone: z.string(),
  email: z.string(),
  office: z.object({ name: z.string() }),
  rating: z.number(),
  review_count: z.number().int(),
});

export const agentsGetProfile = defineApi({
  api: 'Agents Get Profile',
  tool: REALTOR,
  domain,
  description: "A listing agent's profile: phone, email, office and rating.",
  input: z.object({ agent_id: z.string() }),
  output: AgentProfileOutput,
  handler: ({ agent_id }, ctx) => {
    const a = homes(ctx).agentById.get(agent_id);
    if (!a) return notFound('agent', agent_id);
    return { advertiser_id: a.id, name: a.name, phone: a.phone, email: a.email, office: { name: a.brokerage }, rating: a.rating, review_count: a.review_count };
  },
});

/** Monthly principal and interest of a fixed-rate loan. */
export function monthlyPayment(principal: number, annualRatePercent: number, years: number): number {
  const n = years * 12;
  const r = annualRatePercent / 100 / 12;
  const f = (1 + r) ** n;
  // A rate too small to move (1 + r)^n away from 1 is an interest-free loan.
  return f === 1 ? principal / n : (principal * r * f) / (f - 1);
}

export const MortgageOutput = z.object({
  loan_amount: z.number(),
  monthly_payment: z.object({ mortgage: z.number(), hoa: z.number(), total: z.number() }),
  annual_payment: z.object({ mortgage: z.number(), total: z.number() }),
  total_interest_paid: z.number(),
});

export const mortgageCalculator = defineApi({
  api: 'Mortgage Calculator',
  tool: NINJAS,
  domain,
  description: 'Monthly payment of a fixed-rate mortgage from the home value, down payment, annual interest rate (%) and term; an optional monthly HOA fee is added to the total.',
  input: z.object({
    home_value: z.number().min(1000).max(100_000_000),
    downpayment: z.number().min(0).max(100_000_000),
    interest_rate: z.number().min(0).max(30).describe('Annual rate in percent, e.g. 6.5'),
    duration_years: z.number().int().min(1).max(40).default(30),
    monthly_hoa: z.number().min(0).max(10_000).default(0),
  }),
  output: MortgageOutput,
  handler: ({ home_value, downpayment, interest_rate, duration_years, monthly_hoa }) => {
    if (downpayment >= home_value) return badRequest('downpayment must be less than home_value');
    const loan = home_value - downpayment;
    const monthly = monthlyPayment(loan, interest_rate, duration_years);
    return {
      loan_amount: round2(loan),
      monthly_payment: { mortgage: round2(monthly), hoa: round2(monthly_hoa), total: round2(monthly + monthly_hoa) },
      annual_payment: { mortgage: round2(monthly * 12), total: round2((monthly + monthly_hoa) * 12) },
      total_interest_paid: round2(monthly * duration_years * 12 - loan),
    };
  },
});

export const TourOutput = z.object({ tour_id: z.string(), property_id: z.string(), date: z.string(), name: z.string(), status: z.literal('scheduled') });

export const scheduleTour = defineApi({
  api: 'Schedule Tour',
  tool: REALTOR,
  domain,
  writes: true,
  description: 'Books an in-person tour of a listed property on a day within the next 60 days.',
  input: z.object({ property_id: z.string(), date: z.iso.date(), name: z.string().min(1).max(80).describe('Name the tour is booked under') }),
  output: TourOutput,
  handler: ({ property_id, date, name }, ctx) => {
    if (!homes(ctx).listingById.has(property_id)) return notFound('property', property_id);
    const ahead = daysBetween(ctx.world.today, date);
    if (ahead < 1 || ahead > 60) return badRequest(`tours can be booked from tomorrow up to 60 days ahead (today is ${ctx.world.today})`);
    const viewing = { id: nextId(ctx.state, 'TOUR'), property_id, date, name };
    ctx.state.viewings.push(viewing);
    return { tour_id: viewing.id, property_id, date, name, status: 'scheduled' as const };
  },
});

export const listTours = defineApi({
  api: 'List Tours',
  tool: REALTOR,
  domain,
  description: 'The property tours booked so far.',
  input: z.object({}),
  output: z.object({ tours: z.array(TourOutput) }),
  handler: (_args, ctx) => ({ tours: ctx.state.viewings.map((v) => ({ tour_id: v.id, property_id: v.property_id, date: v.date, name: v.name, status: 'scheduled' as const })) }),
});

export const realEstateTools = [propertiesList, propertyExtendedSearch, propertiesDetail, propertyZillow, agentsGetProfile, mortgageCalculator, scheduleTour, listTours];
