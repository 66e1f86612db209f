import { z } from 'zod';
import { holdingViews } from '../../../src/core/shared-json.js';
import { SharedViews } from '../../../src/core/shared-views.js';
import { defineApi, notFound, type ToolBenchContext } from '../api.js';
import type { League, Match, SportsWorld, Team } from '../world/sports.js';
import { playerAge } from '../world/sports.js';
import { rankedSearch } from './text-match.js';

const API_FOOTBALL = 'API-Football';
const SPORTSDB = 'TheSportsDB';
const domain = 'Sports' as const;

const sports = (ctx: ToolBenchContext): SportsWorld => ctx.world.sports;

/** A league's table as API-Football shows it (the world's standings do not change). */
const leagueTable = (l: League, w: SportsWorld) => ({
  league: {
    id: l.id,
    name: l.name,
    season: l.season,
    standings: [w.standings[l.id]!.map((r) => ({
      rank: r.rank,
      team: { id: r.team_id, name: w.teamById.get(r.team_id)!.name },
      points: r.points,
      goalsDiff: r.goals_for - r.goals_against,
      all: { played: r.played, win: r.win, draw: r.draw, lose: r.lose, goals: { for: r.goals_for, against: r.goals_against } },
    }))],
  },
});
const leagueTableViews = new SharedViews(leagueTable);
const teamName = (t: Team): string => t.name;
/** A club as API-Football's team search lists it. */
const teamEntry = (t: Team, w: SportsWorld) => ({
  team: { id: t.id, name: t.name, country: w.leagueById.get(t.league_id)!.country, founded: t.founded },
  league: { id: t.league_id, name: w.leagueById.get(t.league_id)!.name },
  venue: { name: t.stadium, city: t.city, capacity: t.capacity },
});
const teamEntryViews = new SharedViews(teamEntry);

export const TeamsSearchOutput = z.object({
  results: z.number().int(),
  response: z.array(
    z.object({
      team: z.object({ id: z.string(), name: z.string(), country: z.string(), founded: z.number().int() }),
      league: z.object({ id: z.string(), name: z.string() }),
      venue: z.object({ name: z.string(), city: z.string(), capacity: z.number().int() }),
    }),
  ),
});

export const teamsSearch = defineApi({
  api: 'Teams Search',
  tool: API_FOOTBALL,
  domain,
  capability: 'sports.team_search',
  description: 'Football clubs whose name matches the text: id, country, league, founding year and home venue with capacity.',
  input: z.object({ search: z.string().describe('Club name or part of it') }),
  output: TeamsSearchOutput,
  handler: ({ search }, ctx) => {
    const w = sports(ctx);
    const { hits } = rankedSearch(w.teams, teamName, search, 10);
    return holdingViews({ results: hits.length, response: hits.map((t) => teamEntryViews.of(t, w)) });
  },
});

export const searchTeamsSportsDb = defineApi({
  api: 'Search Teams',
  tool: SPORTSDB,
  domain,
  capability: 'sports.team_search',
  adapt: (a) => ({ t: a['search']! }),
  description: 'TheSportsDB team search by name; numbers come back as strings.',
  input: z.object({ t: z.string().describe('Team name') }),
  output: z.object({
    teams: z
      .array(z.object({ idTeam: z.string(), strTeam: z.string(), idLeague: z.string(), strLeague: z.string(), strCountry: z.string(), intFormedYear: z.string(), strStadium: z.string(), intStadiumCapacity: z.string() }))
      .nullable(),
  }),
  handler: ({ t }, ctx) => {
    const w = sports(ctx);
    const { hits } = rankedSearch(w.teams, teamName, t, 10);
    if (hits.length === 0) return { teams: null };
    return {
      teams: hits.map((team) => {
        const league = w.leagueById.get(team.league_id)!;
        return { idTeam: team.id, strTeam: team.name, idLeague: league.id, strLeague: league.name, strCountry: league.country, intFormedYear: String(team.founded), strStadium: team.stadium, intStadiumCapacity: String(team.capacity) };
      }),
    };
  },
});

const side = (w: SportsWorld, id: string, winner: boolean | null) => ({ id, name: w.teamById.get(id)!.name, winner });
const winnerOf = (m: Match, home: boolean): boolean | null => (m.home_goals === m.away_goals ? null : home ? m.home_goals! > m.away_goals! : m.away_goals! > m.home_goals!);
/** A played match as API-Football lists it (past results do not change). */
const playedFixture = (m: Match, w: SportsWorld) => ({
  fixture: { id: m.id, date: m.date, status: { short: 'FT' } },
  league: { id: m.league_id, name: w.leagueById.get(m.league_id)!.name, round: `Regular Season - ${m.round}` },
  teams: { home: side(w, m.home_id, winnerOf(m, true)), away: side(w, m.away_id, winnerOf(m, false)) },
  goals: { home: m.home_goals!, away: m.away_goals! },
});
const playedFixtureViews = new SharedViews(playedFixture);

export const FixturesOutput = z.object({
  results: z.number().int(),
  response: z.array(
    z.object({
      fixture: z.object({ id: z.string(), date: z.string(), status: z.object({ short: z.string() }) }),
      league: z.object({ id: z.string(), name: z.string(), round: z.string() }),
      teams: z.object({
        home: z.object({ id: z.string(), name: z.string(), winner: z.boolean().nullable() }),
        away: z.object({ id: z.string(), name: z.string(), winner: z.boolean().nullable() }),
      }),
      goals: z.object({ home: z.number().int(), away: z.number().int() }),
    }),
  ),
});

export const fixturesLast = defineApi({
  api: 'Fixtures',
  tool: API_FOOTBALL,
  domain,
  capability: 'sports.last_matches',
  description: "A team's most recent finished matches (newest first) with scores; last sets how many (1-10).",
  input: z.object({ team: z.string().describe('Team id'), last: z.number().int().min(1).max(10).default(5) }),
  output: FixturesOutput,
  handler: ({ team, last }, ctx) => {
    const w = sports(ctx);
    if (!w.teamById.has(team)) return notFound('team', team);
    const list = (w.resultsByTeam.get(team) ?? []).slice(0, last);
    return holdingViews({
      results: list.length,
      response: list.map((m) => playedFixtureViews.of(m, w)),
    });
  },
});

export const eventsLastSportsDb = defineApi({
  api: 'Events Last',
  tool: SPORTSDB,
  domain,
  capability: 'sports.last_matches',
  adapt: (a) => ({ id: a['team']!, count: a['last'] ?? 5 }),
  description: 'TheSportsDB: the last finished events of a team by team id, newest first (scores as strings).',
  input: z.object({ id: z.string(), count: z.number().int().min(1).max(10).default(5) }),
  output: z.object({
    results: z.array(z.object({ idEvent: z.string(), strEvent: z.string(), dateEvent: z.string(), idHomeTeam: z.string(), idAwayTeam: z.string(), strHomeTeam: z.string(), strAwayTeam: z.string(), intHomeScore: z.string(), intAwayScore: z.string() })).nullable(),
  }),
  handler: ({ id, count }, ctx) => {
    const w = sports(ctx);
    if (!w.teamById.has(id)) return { results: null };
    return {
      results: (w.resultsByTeam.get(id) ?? []).slice(0, count).map((m) => {
        const home = w.teamById.get(m.home_id)!.name;
        const away = w.teamById.get(m.away_id)!.name;
        return { idEvent: m.id, strEvent: `${home} vs ${away}`, dateEvent: m.date, idHomeTeam: m.home_id, idAwayTeam: m.away_id, strHomeTeam: home, strAwayTeam: away, intHomeScore: String(m.home_goals), intAwayScore: String(m.away_goals) };
      }),
    };
  },
});

/** A league as API-Football's league list gives it. */
const leagueEntry = (l: League) => ({ league: { id: l.id, name: l.name, type: 'League' }, country: { name: l.country, code: l.code }, seasons: [{ year: l.season, current: true }] });
const leagueEntryViews = new SharedViews(leagueEntry);

export const LeaguesOutput = z.object({
  results: z.number().int(),
  response: z.array(z.object({ league: z.object({ id: z.string(), name: z.string(), type: z.string() }), country: z.object({ name: z.string(), code: z.string() }), seasons: z.array(z.object({ year: z.number().int(), current: z.boolean() })) })),
});

export const leagues = defineApi({
  api: 'Leagues',
  tool: API_FOOTBALL,
  domain,
  description: 'Football leagues, optionally filtered by name text or country; gives each league id and current season.',
  input: z.object({ name: z.string().optional(), country: z.string().optional() }),
  output: LeaguesOutput,
  handler: ({ name, country }, ctx) => {
    const w = sports(ctx);
    const list = w.leagues.filter((l) => (name === undefined || l.name.toLowerCase().includes(name.trim().toLowerCase())) && (country === undefined || l.country.toLowerCase() === country.trim().toLowerCase()));
    return holdingViews({ results: list.length, response: list.map((l) => leagueEntryViews.of(l, null)) });
  },
});

export const StandingsOutput = z.object({
  response: z.array(
    z.object({
      league: z.object({
        id: z.string(),
        name: z.string(),
        season: z.number().int(),
        standings: z.array(z.array(z.object({
          rank: z.number().int(),
          team: z.object({ id: z.string(), name: z.string() }),
          points: z.number().int(),
          goalsDiff: z.number().int(),
          all: z.object({ played: z.number().int(), win: z.number().int(), draw: z.number().int(), lose: z.number().int(), goals: z.object({ for: z.number().int(), against: z.number().int() }) }),
        }))),
      }),
    }),
  ),
});

export const standings = defineApi({
  api: 'Standings',
  tool: API_FOOTBALL,
  domain,
  capability: 'sports.standings',
  description: 'The current league table of a league id: rank, points, goal difference and the win/draw/loss record of every team.',
  input: z.object({ league: z.string().describe('League id') }),
  output: StandingsOutput,
  handler: ({ league }, ctx) => {
    const w = sports(ctx);
    const l = w.leagueById.get(league);
    if (!l) return notFound('league', league);
    return holdingViews({ response: [leagueTableViews.of(l, w)] });
  },
});

export const lookupTableSportsDb = defineApi({
  api: 'Lookup Table',
  tool: SPORTSDB,
  domain,
  capability: 'sports.standings',
  adapt: (a) => ({ l: a['league']! }),
  description: 'TheSportsDB league table by league id (all numbers as strings).',
  input: z.object({ l: z.string().describe('League id') }),
  output: z.object({
    table: z.array(z.object({ intRank: z.string(), idTeam: z.string(), strTeam: z.string(), intPlayed: z.string(), intWin: z.string(), intDraw: z.string(), intLoss: z.string(), intGoalsFor: z.string(), intGoalsAgainst: z.string(), intGoalDifference: z.string(), intPoints: z.string() })).nullable(),
  }),
  handler: ({ l }, ctx) => {
    const w = sports(ctx);
    const rows = w.leagueById.has(l) ? w.standings[l] : undefined;
    if (!rows) return { table: null };
    return {
      table: rows.map((r) => ({
        intRank: String(r.rank),
        idTeam: r.team_id,
        strTeam: w.teamById.get(r.team_id)!.name,
        intPlayed: String(r.played),
        intWin: String(r.win),
        intDraw: String(r.draw),
        intLoss: String(r.lose),
        intGoalsFor: String(r.goals_for),
        intGoalsAgainst: String(r.goals_against),
        intGoalDifference: String(r.goals_for - r.goals_against),
        intPoints: String(r.points),
      })),
    };
  },
});

export const squads = defineApi({
  api: 'Players Squads',
  tool: API_FOOTBALL,
  domain,
  description: "A team's current squad: player ids, names, ages, shirt numbers and positions.",
  input: z.object({ team: z.string().describe('Team id') }),
  output: z.object({ response: z.array(z.object({ team: z.object({ id: z.string(), name: z.string() }), players: z.array(z.object({ id: z.string(), name: z.string(), age: z.number().int(), number: z.number().int(), position: z.string() })) })) }),
  handler: ({ team }, ctx) => {
    const w = sports(ctx);
    const t: Team | undefined = w.teamById.get(team);
    if (!t) return notFound('team', team);
    return {
      response: [{ team: { id: t.id, name: t.name }, players: (w.squads.get(t.id) ?? []).map((p) => ({ id: p.id, name: p.name, age: playerAge(p, ctx.world.today), number: p.number, position: p.position })) }],
    };
  },
});

export const PlayerOutput = z.object({
  response: z.array(z.object({
    player: z.object({ id: z.string(), name: z.string(), age: z.number().int(), birth: z.object({ date: z.string() }), nationality: z.string() }),
    statistics: z.array(z.object({ team: z.object({ id: z.string(), name: z.string() }), games: z.object({ appearences: z.number().int(), position: z.string() }), goals: z.object({ total: z.number().int(), assists: z.number().int() }) })),
  })),
});

export const playerStatistics = defineApi({
  api: 'Players',
  tool: API_FOOTBALL,
  domain,
  description: "One player's profile (age, birth date, nationality) and this season's appearances, goals and assists.",
  input: z.object({ id: z.string().describe('Player id') }),
  output: PlayerOutput,
  handler: ({ id }, ctx) => {
    const w = sports(ctx);
    const p = w.playerById.get(id);
    if (!p) return notFound('player', id);
    const team = w.teamById.get(p.team_id)!;
    return {
      response: [{
        player: { id: p.id, name: p.name, age: playerAge(p, ctx.world.today), birth: { date: p.birth_date }, nationality: p.nationality },
        statistics: [{ team: { id: team.id, name: team.name }, games: { appearences: p.appearances, position: p.position }, goals: { total: p.goals, assists: p.assists } }],
      }],
    };
  },
});

export const TopScorersOutput = z.object({
  response: z.array(z.object({ player: z.object({ id: z.string(), name: z.string() }), statistics: z.array(z.object({ team: z.object({ id: z.string(), name: z.string() }), goals: z.object({ total: z.number().int() }) })) })),
});

export const topScorers = defineApi({
  api: 'Players Topscorers',
  tool: API_FOOTBALL,
  domain,
  description: 'The ten leading goalscorers of a league this season (optionally of one team), most goals first.',
  input: z.object({ league: z.string().describe('League id'), team: z.string().optional().describe('Team id, to list only its players') }),
  output: TopScorersOutput,
  handler: ({ league, team }, ctx) => {
    const w = sports(ctx);
    if (!w.leagueById.has(league)) return notFound('league', league);
    if (team !== undefined && w.teamById.get(team)?.league_id !== league) return notFound(`team of league ${league}`, team);
    const scorers = (team !== undefined ? (w.squads.get(team) ?? []) : w.players)
      .filter((p) => w.teamById.get(p.team_id)!.league_id === league && p.goals > 0)
      .sort((a, b) => b.goals - a.goals || (a.id < b.id ? -1 : 1))
      .slice(0, 10);
    return {
      response: scorers.map((p) => {
        const team = w.teamById.get(p.team_id)!;
        return { player: { id: p.id, name: p.name }, statistics: [{ team: { id: team.id, name: team.name }, goals: { total: p.goals } }] };
      }),
    };
  },
});

export const sportsTools = [teamsSearch, searchTeamsSportsDb, fixturesLast, eventsLastSportsDb, leagues, standings, lookupTableSportsDb, squads, playerStatistics, topScorers];
