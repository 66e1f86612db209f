import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isToolError, rngStream, stableJson, type JsonValue, type Tool } from '../../src/index.js';
import { withFreshViews } from '../../src/core/shared-views.js';
import { toolbenchObservation, type ToolBenchState } from '../../envs/toolbench/index.js';
import { freshState, tools, world, worldArguments } from './helpers.js';

/**
 * Tools that show world records hand out one frozen view per record (and state-derived variant:
 * in stock or not, seats left, units). These hold them to the plain definition, the same handlers
 * building every view afresh: same outputs after any writes, whatever states the shared views were
 * first made in (the world and its views live across runs), and observations that are the JSON of
 * the output.
 */
const apis = tools.filter((t) => t.terminal !== true);
const writers = apis.filter((t) => t.writes === true);
const readers = apis.filter((t) => t.writes !== true);

type Call = readonly [Tool, JsonValue];
const callOf = (list: readonly Tool[]): fc.Arbitrary<Call> => fc.oneof(...list.map((t) => worldArguments(t).map((args): Call => [t, args])));

function run([tool, args]: Call, state: ToolBenchState): unknown {
  const parsed = tool.input.safeParse(args);
  if (!parsed.success) return `invalid: ${parsed.error.message}`;
  return tool.handler(parsed.data, { world, state, rng: rngStream(0, 'test', tool.name) });
}

const observation = (call: Call, result: unknown): string =>
  isToolError(result) ? `error ${result.status}: ${result.message}` : typeof result === 'string' ? result : toolbenchObservation({ ok: true, tool: call[0].name, output: result as JsonValue });

describe('ToolBench shared views', () => {
  it('every call of any sequence of reads and writes gives the observation and output of fresh views', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof({ weight: 1, arbitrary: callOf(writers) }, { weight: 2, arbitrary: callOf(readers) }), { minLength: 1, maxLength: 10 }), (calls) => {
        const shared = freshState();
        const fresh = freshState();
        for (const call of calls) {
          const a = run(call, shared);
          const b = withFreshViews(() => run(call, fresh));
          expect(observation(call, a), call[0].name).toBe(observation(call, b));
          if (!isToolError(a) && typeof a !== 'string') expect(stableJson(a)).toBe(stableJson(b));
        }
      }),
      { numRuns: 300, seed: 15 },
    );
  });

  it('a search after buying out a product or booking seats shows the new state, as fresh views do', () => {
    const tool = (name: string) => tools.find((t) => t.name === name)!;
    const products = world.shop.products.filter((p) => p.stock >= 1 && p.stock <= 20);
    const flights = world.travel.flights;
    fc.assert(
      fc.property(fc.nat(products.length - 1), fc.nat(flights.length - 1), fc.integer({ min: 1, max: 3 }), (pi, fi, seats) => {
        const p = products[pi]!;
        const f = flights[fi]!;
        const search: Call = [tool('search_for_real_time_amazon_data'), { query: p.title }];
        const flightSearch: Call = [tool('search_flights_for_skyscanner'), { origin: f.from, destination: f.to, date: f.date }];
        const calls: Call[] = [
          search,
          flightSearch,
          [tool('add_to_cart_for_amazon_cart_api'), { asin: p.asin, quantity: p.stock }],
          [tool('checkout_for_amazon_cart_api'), { shipping_address: '1 Main St, Springfield' }],
          search,
          ...Array.from({ length: seats }, (): Call => [tool('book_flight_for_skyscanner'), { flight_id: f.id, passenger_name: 'A Passenger' }]),
          flightSearch,
        ];
        const shared = freshState();
        const fresh = freshState();
        const seen: string[] = [];
        for (const call of calls) {
          const a = observation(call, run(call, shared));
          expect(a, call[0].name).toBe(observation(call, withFreshViews(() => run(call, fresh))));
          seen.push(a);
        }
        expect(seen[4]).toContain(`"asin":${JSON.stringify(p.asin)}`);
        expect(seen[4]).toContain('Currently unavailable');
      }),
      { numRuns: 60, seed: 15 },
    );
  });
});
