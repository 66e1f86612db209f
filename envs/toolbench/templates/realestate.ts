import { z } from 'zod';
import { ref } from '../../../src/index.js';
import { addDays } from '../dates.js';
import { round2, thousands } from '../money.js';
import {
  agentsGetProfile, listTours, mortgageCalculator, propertiesDetail, propertiesList, scheduleTour,
  type AgentProfileOutput, type MortgageOutput, type PropertiesListOutput, type PropertyDetailOutput,
} from '../tools/realestate.js';
import { FIRST_NAMES, LAST_NAMES } from '../world/names.js';
import { US_PLACES } from '../world/places.js';
import { output, toolbenchTemplate, uniqueMin, type Outputs, type SampleScope } from './define.js';
import { FirstIndex } from '../world/first-index.js';

const listingByLine = new FirstIndex((l: { readonly line: string }) => l.line);

type Search = z.infer<typeof PropertiesListOutput>;
type Detail = z.infer<typeof PropertyDetailOutput>;

const domain = 'Data' as const;

export const usCity = { schema: z.string().min(1), description: 'a US city', sample: ({ rng }: SampleScope) => rng.pick(US_PLACES).city };
export const complete = (outputs: Outputs, step: string): boolean => {
  const meta = output<Search>(outputs, step).meta;
  return meta.total === meta.returned;
};
export const cheapest = (outputs: Outputs, step: string) => uniqueMin(output<Search>(outputs, step).properties, (p) => p.list_price);

export const homesCheapestForSale = toolbenchTemplate({
  id: 'data.cheapest_home_for_sale',
  domain,
  split: 'train',
  text: 'What is the street address of the cheapest home for sale in {city} with at least {beds} bedrooms?',
  paraphrases: ['Find me the lowest-priced listing for sale in {city} that has {beds} or more bedrooms; what is its address?'],
  placeholders: {
    city: usCity,
    beds: { schema: z.number().int().min(1).max(5), description: 'minimum number of bedrooms', sample: ({ rng }: SampleScope) => rng.int(2, 4) },
  },
  path: [{ name: 'search', tool: propertiesList.name, args: { city: ref.placeholder('city'), status: ref.literal('for_sale'), beds_min: ref.placeholder('beds'), limit: ref.literal(50) } }],
  answer: ({ outputs }) => {
    const best = cheapest(outputs, 'search');
    return best ? [best.location.address.line] : null;
  },
  compare: { kind: 'contains-all' },
  rivals: ({ world, values }) => (world.realEstate.listingsByCity.get(values['city'] as string) ?? []).map((l) => l.line),
  accept: ({ outputs }) => (complete(outputs, 'search') && cheapest(outputs, 'search') !== null) || 'no single cheapest listing',
});

export const homesRentalAgentPhone = toolbenchTemplate({
  id: 'data.rental_agent_phone',
  domain,
  split: 'train',
  text: 'I want to call the agent of the cheapest rental in {city} with at least {beds} bedrooms. What is their phone number?',
  paraphrases: ['Who lists the least expensive {beds}+ bedroom rental in {city}? Give me the agent\'s phone number.'],
  placeholders: {
    city: usCity,
    beds: { schema: z.number().int().min(1).max(4), description: 'minimum number of bedrooms', sample: ({ rng }: SampleScope) => rng.int(1, 3) },
  },
  path: [
    { name: 'search', tool: propertiesList.name, args: { city: ref.placeholder('city'), status: ref.literal('for_rent'), beds_min: ref.placeholder('beds'), limit: ref.literal(50) } },
    { name: 'detail', tool: propertiesDetail.name, args: { property_id: ref.compute(({ outputs }) => cheapest(outputs, 'search')?.property_id ?? '', ['search']) } },
    { name: 'agent', tool: agentsGetProfile.name, args: { agent_id: ref.output('detail', 'advertisers.0.agent_id') } },
  ],
  answer: ({ outputs }) => [output<z.infer<typeof AgentProfileOutput>>(outputs, 'agent').phone],
  compare: { kind: 'contains-all' },
  rivals: ({ world }) => world.realEstate.agents.map((a) => a.phone),
  accept: ({ outputs }) => complete(outputs, 'search') || 'the search result is cut short',
});

export const homesUnderBudgetCount = toolbenchTemplate({
  id: 'data.count_under_budget',
  domain,
  split: 'train',
  text: 'How many homes are for sale in {city} at or below ${budget}?',
  paraphrases: ['Count the listings for sale in {city} priced at most ${budget}.'],
  placeholders: {
    city: usCity,
    budget: {
      schema: z.number().int().positive(),
      description: 'a budget in USD',
      sample: ({ world, rng, values }: SampleScope) => {
        const prices = (world.realEstate.listingsByCity.get(values['city'] as string) ?? []).filter((l) => l.status === 'for_sale').map((l) => l.price);
        return prices.length === 0 ? 500_000 : rng.pick(prices) + rng.int(0, 9) * 1000;
      },
      format: (v) => thousands(v as number),
    },
  },
  path: [{ name: 'search', tool: propertiesList.name, args: { city: ref.placeholder('city'), status: ref.literal('for_sale'), price_max: ref.placeholder('budget'), limit: ref.literal(50) } }],
  answer: ({ outputs }) => output<Search>(outputs, 'search').meta.total,
  compare: { kind: 'number', tolerance: 0 },
});

const mortgageRate = { schema: z.number().min(2).max(9), description: 'annual interest rate in percent', sample: ({ rng }: SampleScope) => rng.int(45, 80) / 10 };

export const homesMortgageAndTour = toolbenchTemplate({
  id: 'data.mortgage_and_tour',
  writes: ['viewings'],
  domain,
  split: 'unseen-instruction',
  text: 'I like the house for sale at {address} in {city}. With 20% down, a {rate}% rate and a 30-year term, what would the monthly principal-and-interest payment be? Also book me a tour there on {date} under the name {name}.',
  paraphrases: ['Book a tour of {address}, {city} on {date} for {name}, and tell me the monthly mortgage payment (principal and interest) if I put 20% down at {rate}% for 30 years.'],
  placeholders: {
    city: usCity,
    address: {
      schema: z.string().min(1),
      description: 'the street address of a home for sale in that city',
      sample: ({ world, rng, values }: SampleScope) => {
        const forSale = (world.realEstate.listingsByCity.get(values['city'] as string) ?? []).filter((l) => l.status === 'for_sale').slice(0, 20);
        return forSale.length === 0 ? 'nowhere' : rng.pick(forSale).line;
      },
    },
    rate: mortgageRate,
    date: { schema: z.iso.date(), description: 'a day in the coming weeks', sample: ({ world, rng }: SampleScope) => addDays(world.today, rng.int(2, 30)) },
    name: { schema: z.string().min(1), description: 'the visitor', sample: ({ rng }: SampleScope) => `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}` },
  },
  path: [
    { name: 'search', tool: propertiesList.name, args: { city: ref.placeholder('city'), status: ref.literal('for_sale') } },
    {
      name: 'detail',
      tool: propertiesDetail.name,
      args: { property_id: ref.compute(({ outputs, values }) => output<Search>(outputs, 'search').properties.find((p) => p.location.address.line === values['address'])?.property_id ?? '', ['search']) },
    },
    {
      name: 'mortgage',
      tool: mortgageCalculator.name,
      args: {
        home_value: ref.output('detail', 'list_price'),
        downpayment: ref.compute(({ outputs }) => round2(output<Detail>(outputs, 'detail').list_price * 0.2), ['detail']),
        interest_rate: ref.placeholder('rate'),
        duration_years: ref.literal(30),
      },
    },
    { name: 'tour', tool: scheduleTour.name, args: { property_id: ref.output('detail', 'property_id'), date: ref.placeholder('date'), name: ref.placeholder('name') } },
  ],
  answer: ({ outputs }) => output<z.infer<typeof MortgageOutput>>(outputs, 'mortgage').monthly_payment.mortgage,
  compare: { kind: 'number', tolerance: 1 },
  checkState: ({ state, world, values }) => {
    const listing = listingByLine.find(world.realEstate.listings, values['address']);
    const ok = listing !== undefined && state.viewings.length === 1 && state.viewings.some((v) => v.property_id === listing.property_id && v.date === values['date'] && v.name === values['name']);
    return ok ? null : `expected exactly one tour, of ${String(values['address'])} on ${String(values['date'])} for ${String(values['name'])}`;
  },
  offer: { extra: [listTours.name] },
});

export const realEstateTemplates = [homesCheapestForSale, homesRentalAgentPhone, homesUnderBudgetCount, homesMortgageAndTour];
