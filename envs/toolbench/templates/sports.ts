import { z } from 'zod';
import { ref } from '../../../src/index.js';
import {
  fixturesLast, leagues, playerStatistics, squads, standings, teamsSearch, topScorers,
  type FixturesOutput, type LeaguesOutput, type PlayerOutput, type StandingsOutput, type TeamsSearchOutput, type TopScorersOutput,
} from '../tools/sports.js';
import { output, sum, toolbenchTemplate, type Outputs, type SampleScope } from './define.js';

type Teams = z.infer<typeof TeamsSearchOutput>;
type Fixtures = z.infer<typeof FixturesOutput>;
type Table = z.infer<typeof StandingsOutput>;
type Scorers = z.infer<typeof TopScorersOutput>;

const domain = 'Sports' as const;

export const teamName = { schema: z.string().min(1), description: 'a football club', sample: ({ world, rng }: SampleScope) => rng.pick(world.sports.teams).name };
export const leagueName = { schema: z.string().min(1), description: 'a football league', sample: ({ world, rng }: SampleScope) => rng.pick(world.sports.leagues).name };
export const foundTeam = (outputs: Outputs, name: unknown): boolean => output<Teams>(outputs, 'search').response[0]?.team.name === name;
export const foundLeague = (outputs: Outputs, name: unknown): boolean => {
  const list = output<z.infer<typeof LeaguesOutput>>(outputs, 'leagues').response;
  return list.length === 1 && list[0]!.league.name === name;
};
export const table = (outputs: Outputs) => output<Table>(outputs, 'table').response[0]!.league.standings[0]!;

export const sportsStadiumCapacity = toolbenchTemplate({
  id: 'sports.stadium_capacity',
  domain,
  split: 'train',
  text: 'How many spectators does the home stadium of {team} hold?',
  paraphrases: ["What is the capacity of {team}'s stadium?"],
  placeholders: { team: teamName },
  path: [{ name: 'search', tool: teamsSearch.name, args: { search: ref.placeholder('team') } }],
  answer: ({ outputs }) => output<Teams>(outputs, 'search').response[0]!.venue.capacity,
  compare: { kind: 'number', tolerance: 0 },
  accept: ({ outputs, values }) => foundTeam(outputs, values['team']) || 'the club is not the first hit',
});

export const sportsRecentGoals = toolbenchTemplate({
  id: 'sports.recent_goals',
  domain,
  split: 'train',
  text: 'How many goals did {team} score in total over its last {n} matches?',
  paraphrases: ['Add up the goals {team} scored in its {n} most recent games.'],
  placeholders: { team: teamName, n: { schema: z.number().int().min(2).max(8), description: 'how many recent matches', sample: ({ rng }: SampleScope) => rng.int(3, 6) } },
  path: [
    { name: 'search', tool: teamsSearch.name, args: { search: ref.placeholder('team') } },
    { name: 'fixtures', tool: fixturesLast.name, args: { team: ref.output('search', 'response.0.team.id'), last: ref.placeholder('n') } },
  ],
  answer: ({ outputs }) => {
    const id = output<Teams>(outputs, 'search').response[0]!.team.id;
    return sum(output<Fixtures>(outputs, 'fixtures').response.map((f) => (f.teams.home.id === id ? f.goals.home : f.goals.away)));
  },
  compare: { kind: 'number', tolerance: 0 },
  accept: ({ outputs, values }) => (foundTeam(outputs, values['team']) && output<Fixtures>(outputs, 'fixtures').results === values['n']) || 'not enough matches played',
});

export const sportsLeagueLeader = toolbenchTemplate({
  id: 'sports.league_leader',
  domain,
  split: 'train',
  text: 'Which club currently tops the {league} table, and how many points does it have?',
  paraphrases: ['Who is first in the {league} right now? Tell me the club and its points.'],
  placeholders: { league: leagueName },
  path: [
    { name: 'leagues', tool: leagues.name, args: { name: ref.placeholder('league') } },
    { name: 'table', tool: standings.name, args: { league: ref.output('leagues', 'response.0.league.id') } },
  ],
  answer: ({ outputs }) => {
    const top = table(outputs)[0]!;
    return [top.team.name, String(top.points)];
  },
  compare: { kind: 'contains-all' },
  rivals: ({ outputs }) => table(outputs).slice(1).flatMap((row) => [row.team.name, String(row.points)]),
  accept: ({ outputs, values }) => {
    if (!foundLeague(outputs, values['league'])) return 'the league is ambiguous';
    const rows = table(outputs);
    return rows[0]!.points !== rows[1]!.points || 'two clubs share the lead';
  },
});

export const sportsGoalDifferenceGap = toolbenchTemplate({
  id: 'sports.points_gap',
  domain,
  split: 'train',
  text: 'How many points behind the {league} leader is {team}?',
  paraphrases: ['In the {league}, what is the points gap between the first-placed club and {team}?'],
  placeholders: {
    league: leagueName,
    team: {
      schema: z.string().min(1),
      description: 'a club of that league',
      sample: ({ world, rng, values }: SampleScope) => {
        const league = world.sports.leagues.find((l) => l.name === values['league']);
        return rng.pick(world.sports.teams.filter((t) => t.league_id === league?.id)).name;
      },
    },
  },
  path: [
    { name: 'leagues', tool: leagues.name, args: { name: ref.placeholder('league') } },
    { name: 'table', tool: standings.name, args: { league: ref.output('leagues', 'response.0.league.id') } },
  ],
  answer: ({ outputs, values }) => {
    const rows = table(outputs);
    return rows[0]!.points - rows.find((r) => r.team.name === values['team'])!.points;
  },
  compare: { kind: 'number', tolerance: 0 },
  accept: ({ outputs, values }) => {
    if (!foundLeague(outputs, values['league'])) return 'the league is ambiguous';
    return table(outputs)[0]!.team.name !== values['team'] || 'the club is the leader';
  },
});

const topScorer = (outputs: Outputs) => {
  const list = output<Scorers>(outputs, 'scorers').response;
  if (list.length === 0) return null;
  const best = list[0]!.statistics[0]!.goals.total;
  return list.length > 1 && list[1]!.statistics[0]!.goals.total === best ? null : list[0]!;
};

export const sportsTopScorerAge = toolbenchTemplate({
  id: 'sports.top_scorer_profile',
  domain,
  split: 'unseen-instruction',
  text: "Who is {team}'s leading goalscorer this season, how old is he, and how many appearances has he made?",
  paraphrases: ["Name {team}'s top scorer and give his age and number of appearances this season."],
  placeholders: { team: teamName },
  path: [
    { name: 'search', tool: teamsSearch.name, args: { search: ref.placeholder('team') } },
    { name: 'scorers', tool: topScorers.name, args: { league: ref.output('search', 'response.0.league.id'), team: ref.output('search', 'response.0.team.id') } },
    { name: 'player', tool: playerStatistics.name, args: { id: ref.compute(({ outputs }) => topScorer(outputs)?.player.id ?? '', ['scorers']) } },
  ],
  answer: ({ outputs }) => {
    const p = output<z.infer<typeof PlayerOutput>>(outputs, 'player').response[0]!;
    return [p.player.name, String(p.player.age), String(p.statistics[0]!.games.appearences)];
  },
  compare: { kind: 'contains-all' },
  rivals: ({ world, outputs }) => {
    const club = output<Teams>(outputs, 'search').response[0]?.team.id;
    return world.sports.players.filter((p) => p.team_id === club).map((p) => p.name);
  },
  accept: ({ outputs, values }) => (foundTeam(outputs, values['team']) && topScorer(outputs) !== null) || 'no single top scorer',
  offer: { extra: [squads.name] },
});

export const sportsTemplates = [sportsStadiumCapacity, sportsRecentGoals, sportsLeagueLeader, sportsGoalDifferenceGap, sportsTopScorerAge];
