import { addDays, ageOn, isoDate } from '../dates.js';
import type { DomainContext } from './context.js';
import { groupBy, indexBy } from './context.js';
import { FIRST_NAMES, LAST_NAMES, scaled, uniqueIds, uniqueStrings } from './names.js';

export type Position = 'Goalkeeper' | 'Defender' | 'Midfielder' | 'Attacker';

export interface League {
  readonly id: string;
  readonly name: string;
  readonly country: string;
  readonly code: string;
  readonly season: number;
}

export interface Team {
  readonly id: string;
  readonly name: string;
  readonly league_id: string;
  readonly city: string;
  readonly founded: number;
  readonly stadium: string;
  readonly capacity: number;
}

export interface Player {
  readonly id: string;
  readonly name: string;
  readonly team_id: string;
  readonly position: Position;
  readonly number: number;
  readonly birth_date: string;
  readonly nationality: string;
  readonly appearances: number;
  readonly goals: number;
  readonly assists: number;
}

type MutablePlayer = { -readonly [K in keyof Player]: Player[K] };

export interface Match {
  readonly id: string;
  readonly league_id: string;
  readonly round: number;
  readonly date: string;
  readonly home_id: string;
  readonly away_id: string;
  /** Null until played. */
  readonly home_goals: number | null;
  readonly away_goals: number | null;
}

export interface StandingRow {
  readonly rank: number;
  readonly team_id: string;
  readonly played: number;
  readonly win: number;
  readonly draw: number;
  readonly lose: number;
  readonly goals_for: number;
  readonly goals_against: number;
  readonly points: number;
}

export interface SportsWorld {
  readonly leagues: readonly League[];
  readonly teams: readonly Team[];
  readonly players: readonly Player[];
  readonly matches: readonly Match[];
  readonly leagueById: ReadonlyMap<string, League>;
  readonly teamById: ReadonlyMap<string, Team>;
  readonly playerById: ReadonlyMap<string, Player>;
  readonly squads: ReadonlyMap<string, readonly Player[]>;
  /** Finished matches per team, most recent first. */
  readonly resultsByTeam: ReadonlyMap<string, readonly Match[]>;
  /** League tables by league id (a plain record: it is data, not an index). */
  readonly standings: Readonly<Record<string, readonly StandingRow[]>>;
}

const LEAGUES = [
  { name: 'Northern Premier Division', country: 'England', code: 'GB' },
  { name: 'Liga Costa', country: 'Spain', code: 'ES' },
  { name: 'Continental Soccer League', country: 'USA', code: 'US' },
  { name: 'Bundesklasse', country: 'Germany', code: 'DE' },
];
const TOWNS = ['Ashford', 'Port Calder', 'Kingsbridge', 'Marlow', 'Eastwick', 'Redhill', 'Brayton', 'Dunmore', 'Westholm', 'Fairhaven', 'Oakridge', 'Silverton', 'Hollins', 'Carrow', 'Elmstead', 'Grantham', 'Lakeside', 'Northvale', 'Stonebury', 'Thornbury', 'Wexley', 'Alderney', 'Bexford', 'Calloway'];
const CLUB_SUFFIX = ['United', 'City', 'Rovers', 'Athletic', 'FC', 'Wanderers', 'Albion', 'Town'];
const NATIONS = ['England', 'Spain', 'USA', 'Germany', 'France', 'Brazil', 'Nigeria', 'Japan', 'Netherlands', 'Argentina', 'Sweden', 'Ghana'];
const SQUAD: readonly Position[] = ['Goalkeeper', 'Goalkeeper', 'Defender', 'Defender', 'Defender', 'Defender', 'Defender', 'Defender', 'Midfielder', 'Midfielder', 'Midfielder', 'Midfielder', 'Midfielder', 'Midfielder', 'Attacker', 'Attacker', 'Attacker', 'Attacker'];
const SCORING_WEIGHT: Readonly<Record<Position, number>> = { Goalkeeper: 0, Defender: 1, Midfielder: 3, Attacker: 7 };

/** Pairings of a double round robin (circle method): rounds of [home, away] index pairs. */
function doubleRoundRobin(n: number): [number, number][][] {
  const idx = Array.from({ length: n }, (_, i) => i);
  const rounds: [number, number][][] = [];
  for (let r = 0; r < n - 1; r++) {
    const pairs: [number, number][] = [];
    for (let i = 0; i < n / 2; i++) {
      const a = idx[i]!;
      const b = idx[n - 1 - i]!;
      pairs.push(r % 2 === 0 ? [a, b] : [b, a]);
    }
    rounds.push(pairs);
    idx.splice(1, 0, idx.pop()!);
  }
  return [...rounds, ...rounds.map((pairs) => pairs.map(([a, b]) => [b, a] as [number, number]))];
}

export function buildSports(ctx: DomainContext): SportsWorld {
  const { rng, today } = ctx;
  const perLeague = Math.min(12, Math.max(6, 2 * Math.round(scaled(10, ctx.scale, 6) / 2)));
  const leagueIds = uniqueIds(rng, LEAGUES.length, '', 3);
  const season = Number(today.slice(0, 4)) - (Number(today.slice(5, 7)) < 8 ? 1 : 0);
  const leagues: League[] = LEAGUES.map((l, i) => ({ id: leagueIds[i]!, name: l.name, country: l.country, code: l.code, season }));
  const teamNames = uniqueStrings(perLeague * leagues.length, () => `${rng.pick(TOWNS)} ${rng.pick(CLUB_SUFFIX)}`);
  const teamIds = uniqueIds(rng, teamNames.length, '', 4);
  const teams: Team[] = teamNames.map((name, i) => {
    const town = name.split(' ').slice(0, -1).join(' ');
    return {
      id: teamIds[i]!,
      name,
      league_id: leagues[Math.floor(i / perLeague)]!.id,
      city: town,
      founded: rng.int(1870, 1990),
      stadium: `${rng.pick([town, rng.pick(LAST_NAMES)])} ${rng.pick(['Park', 'Stadium', 'Arena', 'Ground', 'Field'])}`,
      capacity: rng.int(80, 620) * 100,
    };
  });

  const playerIds = uniqueIds(rng, teams.length * SQUAD.length, '', 6);
  const thisYear = Number(today.slice(0, 4));
  const players: MutablePlayer[] = [];
  teams.forEach((team, t) => {
    const numbers = rng.sample(Array.from({ length: 40 }, (_, i) => i + 1), SQUAD.length);
    SQUAD.forEach((position, p) => {
      players.push({
        id: playerIds[t * SQUAD.length + p]!,
        name: `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`,
        team_id: team.id,
        position,
        number: position === 'Goalkeeper' && p === 0 ? 1 : numbers[p]!,
        birth_date: isoDate(thisYear - rng.int(17, 37), rng.int(1, 12), rng.int(1, 28)),
        nationality: rng.pick(NATIONS),
        appearances: 0,
        goals: 0,
        assists: 0,
      });
    });
  });
  const squads = groupBy(players, (p) => p.team_id);

  const matches: Match[] = [];
  const matchBase = rng.int(100000, 800000);
  let serial = 0;
  const seasonStart = addDays(today, -7 * rng.int(8, 14));
  for (const league of leagues) {
    const leagueTeams = teams.filter((t) => t.league_id === league.id);
    doubleRoundRobin(leagueTeams.length).forEach((pairs, r) => {
      const date = addDays(seasonStart, r * 7 + rng.int(0, 1));
      for (const [h, a] of pairs) {
        const home = leagueTeams[h]!;
        const away = leagueTeams[a]!;
        const played = date < today;
        const hg = played ? Math.min(6, Math.floor(rng.next() * rng.next() * 5.2)) : null;
        const ag = played ? Math.min(6, Math.floor(rng.next() * rng.next() * 4.4)) : null;
        if (played) {
          for (const [team, goals] of [[home, hg!], [away, ag!]] as const) {
            const squad = squads.get(team.id)! as MutablePlayer[];
            for (const p of rng.sample(squad, 11)) p.appearances++;
            for (let g = 0; g < goals; g++) {
              const at = weightedIndex(rng.next());
              squad[at]!.goals++;
              if (rng.chance(0.7)) {
                const k = rng.int(0, squad.length - 2);
                squad[k >= at ? k + 1 : k]!.assists++;
              }
            }
          }
        }
        matches.push({ id: String(matchBase + serial++), league_id: league.id, round: r + 1, date, home_id: home.id, away_id: away.id, home_goals: hg, away_goals: ag });
      }
    });
  }

  const finished = matches.filter((m) => m.home_goals !== null).sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : a.id < b.id ? 1 : -1));
  const resultsByTeam = new Map<string, Match[]>();
  for (const m of finished) {
    for (const id of [m.home_id, m.away_id]) {
      const list = resultsByTeam.get(id);
      if (list) list.push(m);
      else resultsByTeam.set(id, [m]);
    }
  }
  const standings: Record<string, StandingRow[]> = {};
  for (const league of leagues) {
    const rows = teams
      .filter((t) => t.league_id === league.id)
      .map((t) => {
        const row = { team_id: t.id, name: t.name, played: 0, win: 0, draw: 0, lose: 0, goals_for: 0, goals_against: 0, points: 0 };
        for (const m of resultsByTeam.get(t.id) ?? []) {
          const gf = m.home_id === t.id ? m.home_goals! : m.away_goals!;
          const ga = m.home_id === t.id ? m.away_goals! : m.home_goals!;
          row.played++;
          row.goals_for += gf;
          row.goals_against += ga;
          if (gf > ga) row.win++;
          else if (gf === ga) row.draw++;
          else row.lose++;
        }
        row.points = row.win * 3 + row.draw;
        return row;
      })
      .sort((a, b) => b.points - a.points || b.goals_for - b.goals_against - (a.goals_for - a.goals_against) || b.goals_for - a.goals_for || (a.name < b.name ? -1 : 1));
    standings[league.id] = rows.map(({ name: _name, ...row }, i) => ({ rank: i + 1, ...row }));
  }
  return {
    leagues,
    teams,
    players,
    matches,
    leagueById: indexBy(leagues, 'id'),
    teamById: indexBy(teams, 'id'),
    playerById: indexBy(players, 'id'),
    squads,
    resultsByTeam,
    standings,
  };
}

const SQUAD_WEIGHT = SQUAD.reduce((s, p) => s + SCORING_WEIGHT[p], 0);

/** The squad position (index into SQUAD) that scores, given a uniform draw: attackers most often, keepers never. */
function weightedIndex(u: number): number {
  let x = u * SQUAD_WEIGHT;
  for (let i = 0; i < SQUAD.length; i++) {
    x -= SCORING_WEIGHT[SQUAD[i]!];
    if (x < 0) return i;
  }
  return SQUAD.length - 1;
}

export function playerAge(player: Player, today: string): number {
  return ageOn(player.birth_date, today);
}
