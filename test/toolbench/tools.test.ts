import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isToolError, rngStream, stableJson, ToolEnv, type JsonValue, type Tool } from '../../src/index.js';
import { checkEnv, nearValidArguments } from '../../src/testing/index.js';
import { buildWorld, createState, SPLIT_NAMES, stateProblems, type ToolBenchState, type ToolBenchWorld } from '../../envs/toolbench/index.js';
import { env, freshState, tools, world, worldArguments } from './helpers.js';

const apis = tools.filter((t) => t.terminal !== true);
const writers = apis.filter((t) => t.writes === true);

function call(tool: Tool, args: JsonValue, w: ToolBenchWorld, state: ToolBenchState): unknown {
  const parsed = tool.input.parse(args);
  return tool.handler(parsed, { world: w, state, rng: rngStream(0, 'test', tool.name) });
}

/** A result as comparable text: the output, or the error's status and message. */
const outcome = (result: unknown): string => (isToolError(result) ? `error ${result.status}: ${result.message}` : stableJson(result));

const successes = new Map<string, number>();

describe('ToolBench tools', () => {
  it('offers 80+ RapidAPI-style tools, most with output schemas, alternates per capability and write tools', () => {
    expect(apis.length).toBeGreaterThanOrEqual(80);
    expect(apis.filter((t) => t.output !== undefined).length).toBe(apis.length);
    const byCapability = new Map<string, Tool[]>();
    for (const t of apis) if (t.capability) byCapability.set(t.capability, [...(byCapability.get(t.capability) ?? []), t]);
    for (const [capability, providers] of byCapability) {
      expect(providers.filter((p) => p.adapt === undefined).length, `${capability} has one canonical provider`).toBe(1);
      expect(new Set(providers.map((p) => p.provider)).size, `${capability} providers differ`).toBe(providers.length);
    }
    const withAlternates = [...byCapability.values()].filter((p) => p.length >= 2);
    expect(withAlternates.length).toBeGreaterThanOrEqual(25);
    expect(writers.length).toBeGreaterThanOrEqual(15);
  });

  it('every tool is deterministic for a seed: same arguments on a rebuilt world give the same answer', () => {
    const twin = buildWorld(0, {});
    for (const tool of apis) {
      fc.assert(
        fc.property(worldArguments(tool), (args) => {
          const a = outcome(call(tool, args, world, freshState()));
          const b = outcome(call(tool, args, twin, createState(twin.finance.startingCash)));
          expect(b).toBe(a);
        }),
        { numRuns: 15, seed: 11 },
      );
    }
  });

  it('for arbitrary schema-valid arguments every handler answers with its output schema or a classified error, never a throw', () => {
    for (const tool of apis) {
      fc.assert(
        fc.property(worldArguments(tool), (args) => {
          const result = call(tool, args, world, freshState());
          if (isToolError(result)) {
            expect(result.message.length, tool.name).toBeGreaterThan(0);
            expect(['not_found', 'bad_request', 'conflict']).toContain(result.status);
            return;
          }
          successes.set(tool.name, (successes.get(tool.name) ?? 0) + 1);
          const checked = tool.output!.safeParse(result);
          expect(checked.success, `${tool.name}: ${checked.error?.issues[0]?.path.join('.')} ${checked.error?.issues[0]?.message}`).toBe(true);
          expect(JSON.parse(JSON.stringify(result))).toEqual(result);
        }),
        { numRuns: 40, seed: 7 },
      );
    }
  });

  it('near-valid arguments are an `arguments` error through env.step, for every tool', () => {
    const toolEnv = new ToolEnv(env, { actionFormat: 'openai' });
    const base = env.generate({ template: 'movies.release_date', seed: 1, world });
    for (const tool of tools) {
      const instance = { ...base, tools: tool.terminal ? [tool.name] : [tool.name, 'Finish'] };
      fc.assert(
        fc.property(nearValidArguments(tool.input), ({ args, mutation }) => {
          toolEnv.reset({ seed: 1, options: { instance } });
          const r = toolEnv.step({ role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: tool.name, arguments: JSON.stringify(args) } }] });
          expect(r.info.action.errorClass, `${tool.name} ${mutation} ${JSON.stringify(args)}`).toBe('arguments');
          const observation = JSON.parse(r.observation.messages.at(-1)!.content as string) as { error: string; response: unknown };
          expect(observation.error).toContain(tool.name);
          expect(r.terminated).toBe(false);
        }),
        { numRuns: 12, seed: 3 },
      );
    }
  });

  it('Finish requires final_answer with give_answer (zod refinement, reported by the arguments layer)', () => {
    const toolEnv = new ToolEnv(env, { actionFormat: 'react' });
    toolEnv.reset({ seed: 2 });
    const missing = toolEnv.step('Thought: done\nAction: Finish\nAction Input: {"return_type": "give_answer"}');
    expect(missing.info.action.errorClass).toBe('arguments');
    expect(missing.info.action.message).toContain('final_answer');
    const blank = toolEnv.step('Thought: done\nAction: Finish\nAction Input: {"return_type": "give_answer", "final_answer": "  "}');
    expect(blank.info.action.errorClass).toBe('arguments');
    const giveUp = toolEnv.step('Thought: no way\nAction: Finish\nAction Input: {"return_type": "give_up_and_restart"}');
    expect(giveUp.terminated).toBe(true);
    expect(giveUp.info.answer?.gaveUp).toBe(true);
    expect(giveUp.info.answer?.correct).toBe(false);
  });

  it('write tools keep the world invariants under arbitrary sequences of writes (with reads in between)', () => {
    const writeDomains = [...new Set(writers.map((t) => t.domain))];
    const stepIn = (domain: string | undefined) =>
      fc.oneof(...apis.filter((t) => t.domain === domain).map((tool) => ({ arbitrary: worldArguments(tool).map((args) => ({ tool, args })), weight: tool.writes ? 3 : 1 })));
    const sequences = fc.constantFrom(...writeDomains).chain((domain) => fc.array(stepIn(domain), { minLength: 1, maxLength: 30, size: 'max' }));
    let writesThatWorked = 0;
    fc.assert(
      fc.property(sequences, (sequence) => {
        const state = freshState();
        for (const { tool, args } of sequence) {
          const result = call(tool, args, world, state);
          if (!isToolError(result)) {
            if (tool.writes) writesThatWorked++;
            successes.set(tool.name, (successes.get(tool.name) ?? 0) + 1);
            expect(tool.output!.safeParse(result).success, tool.name).toBe(true);
          }
          expect(stateProblems(world, state), `after ${tool.name} ${JSON.stringify(args)}`).toEqual([]);
        }
        expect(JSON.parse(JSON.stringify(state))).toEqual(state);
      }),
      { numRuns: 200, seed: 5 },
    );
    expect(writesThatWorked).toBeGreaterThan(250);
  });

  it('reads and undoes see what writes did: each follow-up call succeeds after the write it depends on', () => {
    const state = freshState();
    const run = (name: string, args: Record<string, JsonValue>): Record<string, JsonValue> => {
      const tool = tools.find((t) => t.name === name)!;
      const result = call(tool, args, world, state);
      expect(isToolError(result), `${name} ${JSON.stringify(args)}: ${isToolError(result) ? result.message : ''}`).toBe(false);
      expect(tool.output!.safeParse(result).success, name).toBe(true);
      successes.set(name, (successes.get(name) ?? 0) + 1);
      expect(stateProblems(world, state), name).toEqual([]);
      return result as Record<string, JsonValue>;
    };
    const movie = world.movies.movies[0]!.id;
    run('add_to_watchlist_for_movie_tools', { movie_id: movie });
    expect(run('get_watchlist_for_movie_tools', {})['total_results']).toBe(1);
    run('remove_from_watchlist_for_movie_tools', { movie_id: movie });
    expect(state.watchlist).toEqual([]);

    const album = world.music.albums[0]!;
    const playlist = run('create_playlist_for_spotify', { name: 'Test' });
    run('add_items_to_playlist_for_spotify', { playlist_id: playlist['id']!, track_ids: [...album.track_ids] });
    expect(run('get_playlist_for_spotify', { playlist_id: playlist['id']! })['duration_ms']).toBe(album.track_ids.reduce((s, id) => s + world.music.trackById.get(id)!.duration_ms, 0));

    const store = world.food.restaurants.find((r) => (world.food.menuByRestaurant.get(r.id) ?? []).length > 0)!;
    const dish = world.food.menuByRestaurant.get(store.id)![0]!;
    const order = run('create_order_for_doordash', { store_id: store.id, items: [{ item_id: dish.id, quantity: 2 }] });
    expect(run('get_order_for_doordash', { order_id: order['order_id']! })['total']).toBe(order['total']);

    const hotel = world.travel.hotels.find((h) => h.rooms > 0)!;
    const stay = { hotel_id: hotel.id, checkin_date: '2024-07-01', checkout_date: '2024-07-04', guest_name: 'Ava Park' };
    const booking = run('book_hotel_for_booking_com', stay);
    expect(booking['total_price']).toBe(3 * hotel.price_per_night);
    run('cancel_reservation_for_booking_com', { reservation_id: booking['reservation_id']! });
    for (let i = 0; i < hotel.rooms; i++) run('book_hotel_for_booking_com', stay);
    expect(isToolError(call(tools.find((t) => t.name === 'book_hotel_for_booking_com')!, stay, world, state))).toBe(true);

    const [a, b] = world.shop.products.filter((p) => p.stock >= 2);
    run('add_to_cart_for_amazon_cart_api', { asin: a!.asin, quantity: 1 });
    run('add_to_cart_for_amazon_cart_api', { asin: b!.asin, quantity: 2 });
    run('remove_from_cart_for_amazon_cart_api', { asin: a!.asin });
    const bought = run('checkout_for_amazon_cart_api', { shipping_address: '1 Test Street, Austin' });
    expect(run('get_order_for_amazon_cart_api', { order_id: bought['order_id']! })['subtotal']).toBe(Math.round(b!.price * 200) / 100);
    expect(state.sold[b!.asin]).toBe(2);
    const left = b!.stock - 2;
    if (left + 1 <= 20) expect(isToolError(call(tools.find((t) => t.name === 'add_to_cart_for_amazon_cart_api')!, { asin: b!.asin, quantity: left + 1 }, world, state))).toBe(true);

    const inserted = run('insert_row_for_sql_playground', { table: 'customers', values: { name: 'Test Person', email: 't@example.com', city: 'Paris' } });
    const customerId = inserted['inserted_id'] as string;
    const placed = run('insert_row_for_sql_playground', { table: 'orders', values: { customer_id: customerId, product_id: 'P001', quantity: 3 } });
    run('update_row_for_sql_playground', { table: 'orders', id: placed['inserted_id']!, values: { quantity: 1, status: 'shipped' } });
    expect(isToolError(call(tools.find((t) => t.name === 'delete_row_for_sql_playground')!, { table: 'customers', id: customerId }, world, state))).toBe(true);
    run('delete_row_for_sql_playground', { table: 'orders', id: placed['inserted_id']! });
    run('delete_row_for_sql_playground', { table: 'customers', id: customerId });

    run('compound_properties_for_pubchem', { name: world.science.compounds[0]!.name });
  });

  it('those arguments reach past the lookups: every tool succeeds on some of them (alone or after other writes)', () => {
    const silent = apis.filter((t) => !successes.has(t.name)).map((t) => t.name);
    expect(silent.length, `never succeeded: ${silent.join(', ')}`).toEqual(0);
  });

  it('the invariant check itself notices a broken state', () => {
    const state = freshState();
    state.watchlist.push('tt-nope');
    state.sold[world.shop.products[0]!.asin] = world.shop.products[0]!.stock + 1;
    state.cart.items.push({ item_id: world.shop.products[1]!.asin, name: 'x', quantity: 1, unit_price: 0 });
    state.portfolio.cash = -5;
    expect(stateProblems(world, state).length).toBeGreaterThanOrEqual(4);
  });

  it('passes checkEnv in every split', () => {
    for (const split of SPLIT_NAMES) {
      const results = checkEnv(new ToolEnv(env, { split }), { seeds: [0, 1, 2], hostileActions: 80 });
      expect(results.every((r) => r.ok)).toBe(true);
    }
  });
});
