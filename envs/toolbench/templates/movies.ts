import { z } from 'zod';
import { ref, type JsonValue } from '../../../src/index.js';
import {
  addToWatchlist, getMovieCredits, getMovieDetails, getMovieProductionCompanies, getPerson, getSearchMovie, getWatchlist,
  type MovieCreditsOutput, type MovieDetailsOutput, type PersonOutput, type SearchMovieOutput,
} from '../tools/movies.js';
import { output, toolbenchTemplate, uniqueMax, type SampleScope } from './define.js';
import { FirstIndex } from '../world/first-index.js';

const movieByTitle = new FirstIndex((m: { readonly title: string }) => m.title);

type Search = z.infer<typeof SearchMovieOutput>;
type Details = z.infer<typeof MovieDetailsOutput>;
type Credits = z.infer<typeof MovieCreditsOutput>;
type Person = z.infer<typeof PersonOutput>;

const domain = 'Movies' as const;

export const movieTitle = (description: string, exclude: string[] = []) => ({
  schema: z.string().min(1),
  description,
  sample: ({ world, rng, values }: SampleScope) =>
    rng.pick(world.movies.movies.filter((m) => !exclude.some((e) => values[e] === m.title))).title,
});

/** The search found the asked title first (titles are unique, so an exact match ranks first). */
export const foundFirst = (outputs: Readonly<Record<string, JsonValue>>, step: string, title: JsonValue): boolean =>
  output<Search>(outputs, step).results[0]?.title === title;

export const movieReleaseDate = toolbenchTemplate({
  id: 'movies.release_date',
  domain,
  split: 'train',
  text: 'When was the movie "{movie_name}" released? Give the date as YYYY-MM-DD.',
  paraphrases: ['I need the release date of {movie_name}, in YYYY-MM-DD form.', 'On what day did the film {movie_name} come out? Answer as YYYY-MM-DD.'],
  placeholders: { movie_name: movieTitle('the title of a movie in the catalogue') },
  path: [
    { name: 'search', tool: getSearchMovie.name, args: { movie_name: ref.placeholder('movie_name') } },
    { name: 'details', tool: getMovieDetails.name, args: { id: ref.output('search', 'results.0.id') } },
  ],
  answer: ({ outputs }) => output<Details>(outputs, 'details').release_date,
  compare: { kind: 'normalized' },
  accept: ({ outputs, values }) => foundFirst(outputs, 'search', values['movie_name']!) || 'the title is not the first search hit',
});

export const movieProductionCompanies = toolbenchTemplate({
  id: 'movies.production_companies',
  domain,
  split: 'train',
  text: "I've been reading about the movie {movie_name}. Which companies produced it? List them all.",
  paraphrases: ['List every production company credited on {movie_name}.', 'Who were the production companies behind the film {movie_name}?'],
  placeholders: { movie_name: movieTitle('the title of a movie in the catalogue') },
  path: [
    { name: 'search', tool: getSearchMovie.name, args: { movie_name: ref.placeholder('movie_name') } },
    { name: 'companies', tool: getMovieProductionCompanies.name, args: { id: ref.output('search', 'results.0.id') } },
  ],
  answer: ({ outputs }) => output<{ production_companies: { name: string }[] }>(outputs, 'companies').production_companies.map((c) => c.name),
  compare: { kind: 'set' },
  accept: ({ outputs, values }) => foundFirst(outputs, 'search', values['movie_name']!) || 'the title is not the first search hit',
  offer: { extra: [getMovieDetails.name] },
});

export const movieHigherRated = toolbenchTemplate({
  id: 'movies.higher_rated',
  domain,
  split: 'train',
  text: 'Which of these two movies has the higher average rating: "{first}" or "{second}"? Answer with the title.',
  paraphrases: ['Between {first} and {second}, which film do audiences rate higher? Just give me its title.'],
  placeholders: {
    first: movieTitle('a movie title'),
    second: movieTitle('another movie title', ['first']),
  },
  path: [
    { name: 'search_first', tool: getSearchMovie.name, args: { movie_name: ref.placeholder('first') } },
    { name: 'search_second', tool: getSearchMovie.name, args: { movie_name: ref.placeholder('second') } },
    { name: 'first', tool: getMovieDetails.name, args: { id: ref.output('search_first', 'results.0.id') } },
    { name: 'second', tool: getMovieDetails.name, args: { id: ref.output('search_second', 'results.0.id') } },
  ],
  answer: ({ outputs }) => {
    const a = output<Details>(outputs, 'first');
    const b = output<Details>(outputs, 'second');
    return a.vote_average > b.vote_average ? a.title : b.title;
  },
  compare: { kind: 'normalized' },
  rivals: ({ values }) => [values['first']!, values['second']!],
  answerClass: ({ values, answer }) => (answer === values['first'] ? 'the first title' : 'the second title'),
  accept: ({ outputs, values }) => {
    if (!foundFirst(outputs, 'search_first', values['first']!) || !foundFirst(outputs, 'search_second', values['second']!)) return 'a title is not the first search hit';
    return output<Details>(outputs, 'first').vote_average !== output<Details>(outputs, 'second').vote_average || 'the ratings are equal';
  },
});

/** The director's best-rated film other than the one asked about, or null when there is none or a tie. */
function bestOtherFilm(outputs: Readonly<Record<string, JsonValue>>): { id: string; title: string } | null {
  const person = output<Person>(outputs, 'director');
  const asked = output<Search>(outputs, 'search').results[0]?.id;
  const others = person.movie_credits.filter((m) => m.id !== asked);
  return uniqueMax(others, (m) => m.vote_average);
}

export const movieDirectorBestOther = toolbenchTemplate({
  id: 'movies.director_best_other',
  writes: ['watchlist'],
  domain,
  split: 'unseen-instruction',
  text: 'I loved {movie_name}. Find the best-rated other movie by the same director and add it to my watchlist. Which movie did you add?',
  paraphrases: ["Put the highest-rated film by {movie_name}'s director (not {movie_name} itself) on my watchlist and tell me its title."],
  placeholders: { movie_name: movieTitle('a movie whose director made other movies') },
  path: [
    { name: 'search', tool: getSearchMovie.name, args: { movie_name: ref.placeholder('movie_name') } },
    { name: 'credits', tool: getMovieCredits.name, args: { id: ref.output('search', 'results.0.id') } },
    { name: 'director', tool: getPerson.name, args: { person_id: ref.compute(({ outputs }) => output<Credits>(outputs, 'credits').crew.find((c) => c.job === 'Director')?.id ?? '', ['credits']) } },
    { name: 'add', tool: addToWatchlist.name, args: { movie_id: ref.compute(({ outputs }) => bestOtherFilm(outputs)?.id ?? '', ['search', 'director']) } },
  ],
  answer: ({ outputs }) => bestOtherFilm(outputs)?.title ?? null,
  compare: { kind: 'normalized' },
  accept: ({ outputs, values }) => (foundFirst(outputs, 'search', values['movie_name']!) && bestOtherFilm(outputs) !== null) || 'no unique best other film',
  checkState: ({ state, world, values }) => {
    const asked = movieByTitle.find(world.movies.movies, values['movie_name']);
    if (!asked) return 'the asked movie is gone';
    const others = (world.movies.filmography.get(asked.director_id) ?? []).filter((id) => id !== asked.id);
    const best = others.map((id) => world.movies.movieById.get(id)!).sort((a, b) => b.rating - a.rating)[0];
    if (!best || !state.watchlist.includes(best.id)) return `the watchlist should contain ${best?.title ?? '(none)'}`;
    return state.watchlist.length === 1 ? null : `the watchlist should hold only ${best.title}, it holds ${state.watchlist.length} movies`;
  },
  offer: { extra: [getWatchlist.name] },
});

export const movieTemplates = [movieReleaseDate, movieProductionCompanies, movieHigherRated, movieDirectorBestOther];
