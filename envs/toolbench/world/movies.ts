import { addDays, daysBetween, isoDate } from '../dates.js';
import type { DomainContext } from './context.js';
import { indexBy } from './context.js';
import { PLACES } from './places.js';
import { scaled, uniqueIds, uniqueNames, uniqueStrings } from './names.js';

export interface Movie {
  readonly id: string;
  readonly title: string;
  readonly release_date: string;
  readonly runtime: number;
  readonly genres: readonly string[];
  readonly rating: number;
  readonly votes: number;
  readonly language: string;
  readonly director_id: string;
  /** Cast in billing order, with the character each plays. */
  readonly cast: readonly { readonly person_id: string; readonly character: string }[];
  readonly company_ids: readonly string[];
  readonly budget: number;
  readonly revenue: number;
  readonly overview: string;
}

export interface FilmPerson {
  readonly id: string;
  readonly name: string;
  readonly birth_date: string;
  readonly birthplace: string;
  readonly department: 'Directing' | 'Acting';
}

export interface FilmCompany {
  readonly id: string;
  readonly name: string;
  readonly country: string;
}

export interface MoviesWorld {
  readonly movies: readonly Movie[];
  readonly people: readonly FilmPerson[];
  readonly companies: readonly FilmCompany[];
  readonly movieById: ReadonlyMap<string, Movie>;
  readonly personById: ReadonlyMap<string, FilmPerson>;
  readonly companyById: ReadonlyMap<string, FilmCompany>;
  /** Movie ids per person, directed or acted, oldest first. */
  readonly filmography: ReadonlyMap<string, readonly string[]>;
}

const ADJECTIVES = ['Silent', 'Crimson', 'Last', 'Hidden', 'Broken', 'Golden', 'Midnight', 'Electric', 'Frozen', 'Wild', 'Distant', 'Burning', 'Secret', 'Lonely', 'Iron', 'Paper', 'Glass', 'Velvet', 'Savage', 'Quiet', 'Northern', 'Hollow'];
const NOUNS = ['River', 'Kingdom', 'Harbor', 'Signal', 'Garden', 'Empire', 'Horizon', 'Orchard', 'Mirror', 'Frontier', 'Lantern', 'Canyon', 'Voyage', 'Echo', 'Citadel', 'Meadow', 'Tide', 'Compass', 'Storm', 'Orbit', 'Letter', 'Summer'];
const GENRES = ['Action', 'Adventure', 'Animation', 'Comedy', 'Crime', 'Documentary', 'Drama', 'Family', 'Fantasy', 'Horror', 'Mystery', 'Romance', 'Science Fiction', 'Thriller'];
const LANGUAGES = ['en', 'en', 'en', 'fr', 'es', 'ja', 'ko', 'de'];
const STUDIO_WORDS = ['Northlight', 'Bluewater', 'Red Fern', 'Tall Tree', 'Sixth Street', 'Copperline', 'Harborview', 'Lumen', 'Stonegate', 'Wildcard', 'Brightside', 'Palisade', 'Foxglove', 'Meridian'];
const STUDIO_KINDS = ['Pictures', 'Films', 'Studios', 'Entertainment', 'Productions'];
const PLOTS = ['a retired pilot', 'two estranged sisters', 'a young detective', 'a small-town mechanic', 'an ambitious chef', 'a stranded crew', 'a reluctant heir', 'a jazz pianist'];
const TURNS = ['uncovers a long-buried secret', 'must cross the country in a week', 'is drawn into a dangerous heist', 'tries to save a failing family business', 'finds a map that should not exist', 'faces the storm of the century'];

function sentence(subject: string, rest: string): string {
  return `${subject.charAt(0).toUpperCase()}${subject.slice(1)} ${rest}.`;
}

function makeTitle(ctx: DomainContext): string {
  const { rng } = ctx;
  const a = rng.pick(ADJECTIVES);
  const n = rng.pick(NOUNS);
  switch (rng.int(0, 4)) {
    case 0: return `The ${a} ${n}`;
    case 1: return `${n} of ${rng.pick(PLACES).city}`;
    case 2: return `${a} ${n}`;
    case 3: return `A ${n} for ${rng.pick(['Two', 'Tomorrow', 'Winter', 'Strangers', 'Nobody'])}`;
    default: return `${n}s of the ${a} ${rng.pick(NOUNS)}`;
  }
}

export function buildMovies(ctx: DomainContext): MoviesWorld {
  const { rng, today } = ctx;
  const movieCount = scaled(60, ctx.scale, 20, 1000);
  const directorCount = Math.max(6, Math.round(movieCount / 4));
  const actorCount = scaled(70, ctx.scale, 25);

  const companyNames = uniqueStrings(Math.min(14, scaled(12, ctx.scale, 6)), () => `${rng.pick(STUDIO_WORDS)} ${rng.pick(STUDIO_KINDS)}`);
  const companyIds = uniqueIds(rng, companyNames.length, 'co', 6);
  const companies: FilmCompany[] = companyNames.map((name, i) => ({ id: companyIds[i]!, name, country: rng.pick(['US', 'US', 'GB', 'FR', 'CA', 'KR']) }));

  const personNames = uniqueNames(rng, directorCount + actorCount);
  const personIds = uniqueIds(rng, personNames.length, 'nm', 7);
  const people: FilmPerson[] = personNames.map((name, i) => ({
    id: personIds[i]!,
    name,
    birth_date: isoDate(rng.int(1940, 1997), rng.int(1, 12), rng.int(1, 28)),
    birthplace: rng.pick(PLACES).city,
    department: i < directorCount ? 'Directing' : 'Acting',
  }));
  const directors = people.slice(0, directorCount);
  const actors = people.slice(directorCount);

  const titles = uniqueStrings(movieCount, () => makeTitle(ctx));
  const movieIds = uniqueIds(rng, movieCount, 'tt', 7);
  const span = daysBetween('1985-01-01', addDays(today, -14));
  const movies: Movie[] = titles.map((title, i) => {
    const genreCount = rng.int(1, 3);
    const budget = rng.int(2, 180) * 1_000_000;
    return {
      id: movieIds[i]!,
      title,
      release_date: addDays('1985-01-01', rng.int(0, span)),
      runtime: rng.int(78, 172),
      genres: rng.sample(GENRES, genreCount).sort(),
      rating: Math.round((4 + rng.next() * 5.2) * 10) / 10,
      votes: rng.int(800, 2_400_000),
      language: rng.pick(LANGUAGES),
      director_id: directors[i % directors.length]!.id,
      cast: rng.sample(actors, rng.int(3, 6)).map((a) => ({ person_id: a.id, character: `${rng.pick(['Detective', 'Captain', 'Doctor', 'Agent', 'Professor', 'Sister'])} ${rng.pick(['Hale', 'Ward', 'Marsh', 'Crane', 'Vega', 'Rook', 'Lowe'])}` })),
      company_ids: rng.sample(companies, rng.int(1, 3)).map((c) => c.id),
      budget,
      revenue: Math.round(budget * (0.2 + rng.next() * 5)),
      overview: sentence(rng.pick(PLOTS), rng.pick(TURNS)),
    };
  });

  const filmography = new Map<string, string[]>();
  const byDate = [...movies].sort((a, b) => (a.release_date < b.release_date ? -1 : a.release_date > b.release_date ? 1 : 0));
  for (const movie of byDate) {
    for (const pid of [movie.director_id, ...movie.cast.map((c) => c.person_id)]) {
      const list = filmography.get(pid);
      if (list) list.push(movie.id);
      else filmography.set(pid, [movie.id]);
    }
  }
  return {
    movies,
    people,
    companies,
    movieById: indexBy(movies, 'id'),
    personById: indexBy(people, 'id'),
    companyById: indexBy(companies, 'id'),
    filmography,
  };
}
