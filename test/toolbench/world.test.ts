import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stableJson } from '../../src/index.js';
import { buildWorld, DOMAINS, materializeWorld, WORLD_SECTIONS, worldJson, WorldOptionsSchema, type ToolBenchWorld } from '../../envs/toolbench/index.js';
import { addDays, daysBetween, weekday } from '../../envs/toolbench/dates.js';
import { thousands } from '../../envs/toolbench/money.js';
import { PLACES } from '../../envs/toolbench/world/places.js';
import { env, tools } from './helpers.js';

const ids = <T>(items: readonly T[], key: (item: T) => string): boolean => new Set(items.map(key)).size === items.length;

/** Every cross reference of the world resolves; ids are unique; dates sit where they belong. */
function referenceProblems(w: ToolBenchWorld): string[] {
  const out: string[] = [];
  const check = (ok: boolean, why: string): void => {
    if (!ok) out.push(why);
  };
  const m = w.movies;
  check(ids(m.movies, (x) => x.id) && ids(m.movies, (x) => x.title) && ids(m.people, (x) => x.id), 'movie or person ids/titles repeat');
  for (const movie of m.movies) {
    check(m.personById.get(movie.director_id)?.department === 'Directing', `${movie.id} director`);
    check(movie.cast.every((c) => m.personById.get(c.person_id)?.department === 'Acting'), `${movie.id} cast`);
    check(movie.company_ids.every((c) => m.companyById.has(c)), `${movie.id} companies`);
    check(movie.release_date < w.today, `${movie.id} released in the future`);
  }
  const mu = w.music;
  check(ids(mu.tracks, (t) => t.id) && ids(mu.albums, (a) => a.id) && ids(mu.artists, (a) => a.name), 'music ids repeat');
  for (const a of mu.albums) check(mu.artistById.has(a.artist_id) && a.track_ids.every((t) => mu.trackById.get(t)?.album_id === a.id), `album ${a.id}`);
  for (const c of mu.charts) check(c.entries.length === 100 && c.entries.every((e, i) => e.rank === i + 1 && mu.trackById.has(e.track_id)) && weekday(c.date) === 'Saturday', `chart ${c.date}`);
  check(w.weather.cities.length === PLACES.length && w.weather.cities.every((c) => c.forecast[0]!.date === w.today && c.history.at(-1)!.date === addDays(w.today, -1)), 'weather days');
  for (const l of w.realEstate.listings) check(w.realEstate.agentById.has(l.agent_id) && PLACES.some((p) => p.city === l.city && p.state === l.state_code), `listing ${l.property_id}`);
  const s = w.sports;
  for (const t of s.teams) check(s.leagueById.has(t.league_id) && (s.squads.get(t.id)?.length ?? 0) > 11, `team ${t.id}`);
  for (const match of s.matches) check(s.teamById.get(match.home_id)?.league_id === match.league_id && s.teamById.get(match.away_id)?.league_id === match.league_id && (match.home_goals === null) === (match.date >= w.today), `match ${match.id}`);
  for (const [league, rows] of Object.entries(s.standings)) {
    const goalsFor = rows.reduce((a, r) => a + r.goals_for, 0);
    const goalsAgainst = rows.reduce((a, r) => a + r.goals_against, 0);
    const scored = s.players.filter((p) => s.teamById.get(p.team_id)!.league_id === league).reduce((a, p) => a + p.goals, 0);
    check(goalsFor === goalsAgainst && goalsFor === scored, `league ${league} goals do not add up`);
    check(rows.every((r) => r.points === 3 * r.win + r.draw && r.played === r.win + r.draw + r.lose), `league ${league} table`);
  }
  for (const [symbol, series] of Object.entries(w.finance.prices)) check(w.finance.companyBySymbol.has(symbol) && series.every((p) => p.low <= Math.min(p.open, p.close) && p.high >= Math.max(p.open, p.close)) && series.at(-1)!.date <= w.today, `prices ${symbol}`);
  for (const a of w.news.articles) check(w.news.sourceById.has(a.source_id) && a.published_at.slice(0, 10) <= w.today, `article ${a.id}`);
  for (const item of w.food.menu) check(w.food.restaurantById.has(item.restaurant_id), `menu item ${item.id}`);
  const iata = new Set(PLACES.map((p) => p.iata));
  for (const f of w.travel.flights) check(iata.has(f.from) && iata.has(f.to) && f.from !== f.to && daysBetween(w.today, f.date) >= 0, `flight ${f.id}`);
  check(ids(w.travel.flights, (f) => f.id) && ids(w.travel.hotels, (h) => h.id), 'travel ids repeat');
  for (const r of w.shop.reviews) check(w.shop.productByAsin.has(r.asin), `review ${r.id}`);
  check(ids(w.shop.products, (p) => p.asin) && ids(w.shop.products, (p) => p.title), 'product ids/titles repeat');
  for (const j of w.jobs.jobs) check(w.jobs.employerById.has(j.employer_id) && j.salary_min <= j.salary_max, `job ${j.id}`);
  for (const c of w.education.courses) check(w.education.universityById.has(c.university_id) && c.enrolled <= c.capacity, `course ${c.id}`);
  for (const p of w.science.papers) check(p.author_ids.length > 0 && p.author_ids.every((a) => w.science.authorById.has(a)), `paper ${p.id}`);
  const db = w.database.rowById;
  for (const o of w.database.tableByName.get('orders')!.rows) {
    const product = db.get('products')!.get(o['product_id'] as string);
    check(db.get('customers')!.has(o['customer_id'] as string) && product !== undefined, `order ${String(o['id'])} references`);
    check(Math.abs((o['amount'] as number) - Math.round((product?.['unit_price'] as number) * (o['quantity'] as number) * 100) / 100) < 1e-9, `order ${String(o['id'])} amount`);
  }
  return out;
}

describe('ToolBench world', () => {
  it('has at least 12 ToolBench categories, each with tools and templates', () => {
    expect(DOMAINS.length).toBeGreaterThanOrEqual(12);
    for (const domain of DOMAINS) {
      expect(tools.filter((t) => t.domain === domain).length, domain).toBeGreaterThanOrEqual(5);
      expect([...env.templates.values()].filter((t) => t.domain === domain).length, domain).toBeGreaterThanOrEqual(3);
    }
  });

  it('is exactly reproducible from its seed and differs between seeds', () => {
    const a = stableJson(worldJson(buildWorld(7, {})));
    expect(stableJson(worldJson(buildWorld(7, {})))).toBe(a);
    expect(stableJson(worldJson(buildWorld('7', {})))).toBe(a);
    expect(stableJson(worldJson(buildWorld(8, {})))).not.toBe(a);
  });

  it('builds each section on first read, with the same data whatever the order of reading', () => {
    const lazy = buildWorld(11, {});
    expect(Object.getOwnPropertyDescriptor(lazy, 'music')?.get).toBeDefined();
    const first = lazy.music;
    expect(lazy.music).toBe(first);
    expect(Object.getOwnPropertyDescriptor(lazy, 'music')?.value).toBe(first);
    const backwards = buildWorld(11, {});
    for (const section of [...WORLD_SECTIONS].reverse()) void backwards[section];
    expect(stableJson(worldJson(backwards))).toBe(stableJson(worldJson(materializeWorld(buildWorld(11, {})))));
  });

  it('draws each domain from its own stream: resizing one domain leaves every other one unchanged', () => {
    const base = buildWorld(3, {});
    const resized = buildWorld(3, { domains: { Music: 2, Travel: 0.5 } });
    for (const section of WORLD_SECTIONS) {
      const same = stableJson(worldJson(base)[section]) === stableJson(worldJson(resized)[section]);
      expect(same, section).toBe(section !== 'music' && section !== 'travel');
    }
    expect(resized.music.tracks.length).toBeGreaterThan(base.music.tracks.length);
    expect(resized.travel.flights.length).toBeLessThan(base.travel.flights.length);
  });

  it('keeps every cross reference, id and date coherent, at several seeds and sizes', () => {
    for (const [seed, options] of [[0, {}], [1, {}], [2, { scale: 0.5 }], [3, { scale: 2.5 }], [4, { today: '2025-02-28' }]] as const) {
      const w = buildWorld(seed, options);
      expect(referenceProblems(w), `seed ${seed}`).toEqual([]);
    }
  });

  it('lives on a fixed today, which is a world option', () => {
    expect(env.world().today).toBe('2024-06-15');
    const later = buildWorld(0, { today: '2030-01-31' });
    expect(later.today).toBe('2030-01-31');
    expect(later.weather.cities[0]!.forecast[0]!.date).toBe('2030-01-31');
    expect(later.finance.tradingDays.at(-1)! <= '2030-01-31').toBe(true);
  });

  it('scales with the scale option and rejects bad options', () => {
    const small = buildWorld(0, { scale: 0.5 });
    const big = buildWorld(0, { scale: 3 });
    expect(big.movies.movies.length).toBeGreaterThan(small.movies.movies.length);
    expect(big.shop.products.length).toBeGreaterThan(small.shop.products.length);
    expect(WorldOptionsSchema.safeParse({ scale: 0 }).success).toBe(false);
    expect(WorldOptionsSchema.safeParse({ domains: { Nope: 2 } }).success).toBe(false);
    expect(WorldOptionsSchema.safeParse({ today: '2024-02-30' }).success).toBe(false);
    expect(() => env.world(0, { scale: 'big' })).toThrow();
  });

  it('exports plain JSON data (no maps) for `lamsim world`, every record list included', () => {
    const json = env.definition.world.toJson!(env.world()) as Record<string, Record<string, unknown>>;
    expect(Object.keys(json['finance']!['prices'] as object).length).toBe(env.world().finance.companies.length);
    expect(Object.keys(json['sports']!['standings'] as object).length).toBe(4);
    const text = JSON.stringify(json);
    expect(JSON.parse(text)).toEqual(json);
    expect(Object.keys(json as object)).toEqual(expect.arrayContaining([...WORLD_SECTIONS, 'today']));
  });

  it('writes thousands separators as en-US does, without locale data', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (n) => {
        expect(thousands(n)).toBe(n.toLocaleString('en-US'));
      }),
      { numRuns: 300 },
    );
  });

  it('does calendar arithmetic exactly as the UTC calendar does', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), fc.integer({ min: -5000, max: 5000 }), (day, delta) => {
        const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
        const want = new Date((day + delta) * 86_400_000).toISOString().slice(0, 10);
        expect(addDays(iso, delta)).toBe(want);
        expect(daysBetween(iso, want)).toBe(delta);
        expect(weekday(iso)).toBe(['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][new Date(day * 86_400_000).getUTCDay()]);
      }),
      { numRuns: 500 },
    );
  });
});
