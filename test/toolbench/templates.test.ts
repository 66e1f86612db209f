import { describe, expect, it } from 'vitest';
import { stableJson, ToolEnv, type QueryInstance } from '../../src/index.js';
import { DOMAINS, SPLIT_NAMES, toolbenchTemplates } from '../../envs/toolbench/index.js';
import { env, world } from './helpers.js';

const templates = toolbenchTemplates;
const splitOf = (id: string): string => SPLIT_NAMES.find((s) => env.split(s).templates.some((t) => t.id === id))!;
const instances = (id: string, count: number): QueryInstance[] => Array.from({ length: count }, (_, seed) => env.generate({ template: id, seed, split: splitOf(id), world }));

describe('ToolBench templates', () => {
  it('are 30+ covering every domain, with long paths, chained outputs, writes and fitting comparison rules', () => {
    expect(templates.length).toBeGreaterThanOrEqual(30);
    for (const d of DOMAINS) expect(templates.filter((t) => t.domain === d).length, d).toBeGreaterThanOrEqual(3);
    expect(templates.filter((t) => t.path.length >= 4).length).toBeGreaterThanOrEqual(10);
    const chained = templates.filter((t) => t.path.some((s) => Object.values(s.args).some((a) => a.from === 'output' || (a.from === 'compute' && (a.uses?.length ?? 0) > 0))));
    expect(chained.length).toBeGreaterThanOrEqual(25);
    const writing = templates.filter((t) => t.path.some((s) => env.registry.get(s.tool)!.tool.writes));
    expect(writing.length).toBeGreaterThanOrEqual(12);
    for (const t of writing) expect(t.writes?.length, `${t.id} writes, so it declares which parts of the state it changes`).toBeGreaterThan(0);
    const kinds = new Set(templates.map((t) => t.compare.kind));
    for (const kind of ['normalized', 'number', 'set', 'contains-all']) expect(kinds).toContain(kind);
    expect(templates.filter((t) => t.split === 'unseen-instruction').length).toBeGreaterThanOrEqual(10);
    expect(new Set(templates.map((t) => t.path.map((s) => env.registry.get(s.tool)!.tool.domain)).flat()).size).toBe(DOMAINS.length);
  });

  it('make instances that are a pure function of (template, seed): filled queries, a ground truth, the solution path', () => {
    for (const template of templates) {
      const [a, b] = [0, 1].map((seed) => env.generate({ template: template.id, seed, split: splitOf(template.id) }));
      expect(stableJson(env.generate({ template: template.id, seed: 0, split: splitOf(template.id) }))).toBe(stableJson(a));
      expect(a!.query).not.toMatch(/\{[A-Za-z_]+\}/);
      // A correction re-runs part of the path with its new value.
      if (template.conversation) expect(a!.solution.calls.length).toBeGreaterThanOrEqual(template.path.length);
      else expect(a!.solution.calls.length).toBe(template.path.length);
      expect(a!.solution.answer.trim().length).toBeGreaterThan(0);
      expect(a!.tools.at(-1)).toBe('Finish');
      // A multi-turn opening may leave every value out: its conversation carries them.
      const distinct = new Set(instances(template.id, 12).map((i) => (i.conversation ? stableJson(i.conversation) : i.query))).size;
      expect(distinct, template.id).toBeGreaterThanOrEqual(template.id === 'database.top_city' ? 3 : 4);
      expect(b).toBeDefined();
    }
  });

  it('offer a non-canonical provider for some steps and seeded distractors besides the path', () => {
    let possible = 0;
    let alternateOffered = 0;
    let canonicalReplaced = 0;
    let withDistractor = 0;
    let total = 0;
    for (const template of templates) {
      for (const instance of instances(template.id, 8)) {
        total++;
        const split = env.split(instance.split);
        const alternatesOf = (tool: string) => env.registry.providers(env.registry.get(tool)!.tool).filter((p) => p.name !== tool && p.adapt !== undefined && split.tools.has(p.name)).map((p) => p.name);
        if (instance.solution.calls.some((c) => alternatesOf(c.tool).length > 0)) {
          possible++;
          if (instance.solution.calls.some((c) => alternatesOf(c.tool).some((a) => instance.tools.includes(a)))) alternateOffered++;
        }
        if (instance.solution.calls.some((c) => !instance.tools.includes(c.tool))) canonicalReplaced++;
        const needed = new Set(instance.solution.calls.flatMap((c) => env.registry.providers(env.registry.get(c.tool)!.tool).map((p) => p.name)));
        if (instance.tools.some((t) => t !== 'Finish' && !needed.has(t) && !(template.offer?.extra ?? []).includes(t))) withDistractor++;
      }
    }
    expect(possible).toBeGreaterThan(total / 3);
    expect(alternateOffered).toBeGreaterThan(possible / 2);
    expect(canonicalReplaced).toBeGreaterThan(total / 10);
    expect(withDistractor).toBe(total);
  });

  it('compute ground truths that match the world, recomputed here without the tools', () => {
    const check = (id: string, truth: (i: QueryInstance) => unknown): void => {
      for (const instance of instances(id, 25)) expect(instance.groundTruth, `${id} ${JSON.stringify(instance.values)}`).toEqual(truth(instance));
    };
    const v = (i: QueryInstance, k: string) => i.values[k] as string;
    check('movies.release_date', (i) => world.movies.movies.find((m) => m.title === v(i, 'movie_name'))!.release_date);
    check('movies.production_companies', (i) => world.movies.movies.find((m) => m.title === v(i, 'movie_name'))!.company_ids.map((c) => world.movies.companyById.get(c)!.name));
    check('movies.higher_rated', (i) => {
      const [a, b] = ['first', 'second'].map((k) => world.movies.movies.find((m) => m.title === v(i, k))!);
      expect(a!.rating).not.toBe(b!.rating);
      return a!.rating > b!.rating ? a!.title : b!.title;
    });
    check('weather.current_humidity', (i) => world.weather.byCity.get(v(i, 'city'))!.current.humidity);
    check('data.count_under_budget', (i) => world.realEstate.listings.filter((l) => l.city === v(i, 'city') && l.status === 'for_sale' && l.price <= (i.values['budget'] as number)).length);
    check('finance.stock_price', (i) => world.finance.prices[world.finance.companies.find((c) => c.name.startsWith(`${v(i, 'company')} `))!.symbol]!.at(-1)!.close);
    check('sports.recent_goals', (i) => {
      const team = world.sports.teams.find((t) => t.name === v(i, 'team'))!;
      return world.sports.resultsByTeam.get(team.id)!.slice(0, i.values['n'] as number).reduce((s, m) => s + (m.home_id === team.id ? m.home_goals! : m.away_goals!), 0);
    });
    check('music.album_count', (i) => {
      const artist = world.music.artists.find((a) => a.name === v(i, 'artist'))!;
      return world.music.albumsByArtist.get(artist.id)!.filter((a) => a.album_type === 'album').length;
    });
    check('travel.cheapest_flight', (i) => {
      const route = v(i, 'route');
      const flights = world.travel.flightsByKey.get(`${route.slice(0, 3)}|${route.slice(4)}|${v(i, 'date')}`)!.filter((f) => f.seats > 0);
      const min = Math.min(...flights.map((f) => f.price));
      expect(flights.filter((f) => f.price === min).length).toBe(1);
      return flights.find((f) => f.price === min)!.flight_number;
    });
    check('database.customer_spend', (i) => {
      const customer = world.database.tableByName.get('customers')!.rows.find((r) => r['name'] === v(i, 'customer'))!;
      const total = world.database.tableByName.get('orders')!.rows.filter((o) => o['customer_id'] === customer['id'] && o['status'] === v(i, 'status')).reduce((s, o) => s + (o['amount'] as number), 0);
      return Math.round(total * 100) / 100;
    });
    check('science.paper_citations', (i) => world.science.papers.find((p) => p.title === v(i, 'title'))!.citations);
    check('food.recipe_ingredient_count', (i) => world.food.recipes.find((r) => r.title === v(i, 'recipe'))!.ingredients.length);
  });

  it('count the final state: the right answer without the writes is marked wrong', () => {
    const writing = templates.filter((t) => (t.writes?.length ?? 0) > 0);
    for (const template of writing) {
      const split = splitOf(template.id);
      const toolEnv = new ToolEnv(env, { split, actionFormat: 'xlam' });
      for (const seed of [0, 1, 2]) {
        toolEnv.reset({ seed, options: { template: template.id } });
        const truth = toolEnv.instance!.solution.answer;
        const r = toolEnv.step(JSON.stringify({ thought: 'I know it already', tool_calls: [{ name: 'Finish', arguments: { return_type: 'give_answer', final_answer: truth } }] }));
        expect(r.terminated).toBe(true);
        expect(r.info.answer?.correct, `${template.id}/${seed}`).toBe(false);
        expect(r.info.answer?.detail).toContain('final state');
      }
    }
  });
});
