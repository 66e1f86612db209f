import { describe, expect, it } from 'vitest';
import { oraclePlan, ToolEnv, type QueryInstance, type SolutionCall } from '../../src/index.js';
import { toolbenchEnvironment } from '../../envs/toolbench/index.js';
import type { ToolBenchState } from '../../envs/toolbench/state.js';
import { undeclaredWrites } from '../../envs/toolbench/templates/side-effects.js';

const env = toolbenchEnvironment;
const SPLIT: Record<string, string> = {};
const splitOf = (id: string): string => (SPLIT[id] ??= [...env.splits.keys()].find((s) => env.split(s).templates.some((t) => t.id === id))!);

/** Plays `calls` (then the truth through Finish) on the instance; returns the final verdict. */
function play(instance: QueryInstance, calls: readonly SolutionCall[]): { correct: boolean; detail: string } {
  const tenv = new ToolEnv(env, { split: instance.split, actionFormat: 'xlam' });
  tenv.reset({ seed: 0, options: { instance } });
  for (const call of calls) {
    const r = tenv.step(JSON.stringify({ thought: '', tool_calls: [{ name: call.tool, arguments: call.arguments }] }));
    if (r.terminated) return { correct: r.info.answer!.correct, detail: r.info.answer!.detail };
  }
  throw new Error('the plan did not finish');
}

/** Instances of a template whose plan uses the canonical tool at every path step (so arguments can be edited by name). */
function canonicalInstances(template: string, count: number): { instance: QueryInstance; plan: SolutionCall[] }[] {
  const out: { instance: QueryInstance; plan: SolutionCall[] }[] = [];
  for (let seed = 0; out.length < count && seed < 200; seed++) {
    const instance = env.generate({ template, seed, split: splitOf(template) });
    const plan = oraclePlan(env, instance);
    if (instance.solution.calls.every((c, i) => plan[i]!.tool === c.tool)) out.push({ instance, plan });
  }
  expect(out.length, template).toBe(count);
  return out;
}

/** The world an episode of this instance plays in (worlds differ per split). */
function worldOf(instance: QueryInstance) {
  const tenv = new ToolEnv(env, { split: instance.split, actionFormat: 'xlam' });
  tenv.reset({ seed: 0, options: { instance } });
  return env.world(tenv.worldSeed);
}

const withExtra = (plan: readonly SolutionCall[], at: number, extra: SolutionCall): SolutionCall[] => [...plan.slice(0, at), extra, ...plan.slice(at)];

describe('final-state checks assert exactly the intended writes', () => {
  it('the oracle plan passes (control)', () => {
    for (const id of ['travel.round_trip', 'news.save_headlines', 'data.mortgage_and_tour', 'music.playlist_from_album', 'database.record_order']) {
      for (const { instance, plan } of canonicalInstances(id, 3)) expect(play(instance, plan).correct, `${id}/${instance.seed}`).toBe(true);
    }
  });

  it('travel.round_trip: two bookings of the wrong flights fail', () => {
    for (const { instance, plan } of canonicalInstances('travel.round_trip', 4)) {
      const bookings = plan.map((c, i) => [c, i] as const).filter(([c]) => c.tool === 'book_flight_skyscanner' || /book/i.test(c.tool));
      expect(bookings.length).toBe(2);
      const [first, second] = bookings;
      const twiceOut = plan.map((c, i) => (i === second![1] ? first![0] : c));
      const verdict = play(instance, twiceOut);
      expect(verdict.correct).toBe(false);
      expect(verdict.detail).toContain('final state');
    }
  });

  it('news.save_headlines: saving a fourth article fails', () => {
    for (const { instance, plan } of canonicalInstances('news.save_headlines', 3)) {
      const category = String(instance.values['category']);
      const other = worldOf(instance).news.articles.find((a) => a.category !== category)!;
      const save = plan.find((c) => /pocket/i.test(c.tool))!;
      const verdict = play(instance, withExtra(plan, plan.length - 1, { tool: save.tool, arguments: { ...save.arguments, url: other.url } }));
      expect(verdict.correct).toBe(false);
      expect(verdict.detail).toContain('final state');
    }
  });

  it('data.mortgage_and_tour: a second tour fails', () => {
    for (const { instance, plan } of canonicalInstances('data.mortgage_and_tour', 3)) {
      const tour = plan[plan.length - 2]!;
      const verdict = play(instance, withExtra(plan, plan.length - 1, { tool: tour.tool, arguments: { ...tour.arguments, name: 'Someone Else' } }));
      expect(verdict.correct).toBe(false);
    }
  });

  it('music.playlist_from_album: an extra playlist fails', () => {
    for (const { instance, plan } of canonicalInstances('music.playlist_from_album', 3)) {
      const create = plan.find((c) => /create/i.test(c.tool))!;
      const verdict = play(instance, withExtra(plan, plan.length - 1, { tool: create.tool, arguments: { name: 'Something else' } }));
      expect(verdict.correct).toBe(false);
      expect(verdict.detail).toContain('final state');
    }
  });

  it('database.record_order: a second order (for another customer) fails', () => {
    for (const { instance, plan } of canonicalInstances('database.record_order', 3)) {
      const insert = plan.find((c) => /insert/i.test(c.tool))!;
      const values = insert.arguments['values'] as Record<string, string | number>;
      const other = worldOf(instance).database.tableByName.get('customers')!.rows.find((r) => r['id'] !== values['customer_id'])!;
      const extra = { tool: insert.tool, arguments: { ...insert.arguments, values: { ...values, customer_id: other['id']! } } };
      const verdict = play(instance, withExtra(plan, plan.length - 2, extra));
      expect(verdict.correct, verdict.detail).toBe(false);
    }
  });

  it('a read-only task fails when the episode also wrote something (any part of the state)', () => {
    const state = env.sandbox(env.world()).createState(env.world()) as ToolBenchState;
    expect(undeclaredWrites(state, [])).toBeNull();
    state.watchlist.push('m1');
    expect(undeclaredWrites(state, [])).toContain('watchlist');
    expect(undeclaredWrites(state, ['watchlist'])).toBeNull();
    state.db.updated['orders'] = { o1: { id: 'o1' } };
    expect(undeclaredWrites(state, ['watchlist'])).toContain('db');
  });
});
