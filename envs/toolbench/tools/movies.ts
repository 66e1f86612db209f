import { z } from 'zod';
import { holdingViews } from '../../../src/core/shared-json.js';
import { SharedViews } from '../../../src/core/shared-views.js';
import { dateParts } from '../dates.js';
import { defineApi, notFound, renameArgs, type ToolBenchContext } from '../api.js';
import type { Movie, MoviesWorld } from '../world/movies.js';
import { rankedSearch } from './text-match.js';

const MOVIE_TOOLS = 'Movie Tools';
const IMDB = 'IMDb';
const MOVIEDB = 'MovieDB';
const domain = 'Movies' as const;

const movies = (ctx: ToolBenchContext): MoviesWorld => ctx.world.movies;
const year = (movie: Movie): number => Number(movie.release_date.slice(0, 4));
const movieTitle = (movie: Movie): string => movie.title;

const searchHit = (m: Movie) => ({ id: m.id, title: m.title, release_date: m.release_date, vote_average: m.rating });
const searchHitViews = new SharedViews(searchHit);
/** The whole output of Get Movie Details: a shared view, its text made once per movie. */
const movieDetails = (m: Movie) => ({
  id: m.id,
  title: m.title,
  release_date: m.release_date,
  runtime: m.runtime,
  vote_average: m.rating,
  vote_count: m.votes,
  genres: m.genres.map((name) => ({ name })),
  original_language: m.language,
  overview: m.overview,
  budget: m.budget,
  revenue: m.revenue,
});
const movieDetailsViews = new SharedViews(movieDetails);

export const SearchMovieOutput = z.object({
  results: z.array(z.object({ id: z.string(), title: z.string(), release_date: z.string(), vote_average: z.number() })),
  total_results: z.number().int(),
});

export const getSearchMovie = defineApi({
  api: 'Get Search Movie',
  tool: MOVIE_TOOLS,
  domain,
  capability: 'movies.search',
  description: 'Looks up movies whose title matches the given text and returns their ids, titles, release dates and average ratings (best match first, at most 10).',
  input: z.object({ movie_name: z.string().describe('Title or part of a title to look for') }),
  output: SearchMovieOutput,
  handler: ({ movie_name }, ctx) => {
    const { hits, total } = rankedSearch(movies(ctx).movies, movieTitle, movie_name, 10);
    return holdingViews({ results: hits.map((m) => searchHitViews.of(m, null)), total_results: total });
  },
});

export const searchMovieImdb = defineApi({
  api: 'Search Movie',
  tool: IMDB,
  domain,
  capability: 'movies.search',
  adapt: (a) => renameArgs(a, { movie_name: 'query' }),
  description: 'IMDb-style title autocomplete: returns candidate titles for a query with their IMDb ids (tconst), year and top-billed names.',
  input: z.object({ query: z.string().describe('Text typed by the user') }),
  output: z.object({ d: z.array(z.object({ id: z.string(), l: z.string(), y: z.number().int(), s: z.string(), qid: z.literal('movie') })), q: z.string(), v: z.literal(1) }),
  handler: ({ query }, ctx) => {
    const w = movies(ctx);
    const { hits } = rankedSearch(w.movies, movieTitle, query, 8);
    return {
      d: hits.map((m) => ({ id: m.id, l: m.title, y: year(m), s: m.cast.slice(0, 2).map((c) => w.personById.get(c.person_id)?.name ?? '').join(', '), qid: 'movie' as const })),
      q: query.toLowerCase(),
      v: 1 as const,
    };
  },
});

export const findByTitleMoviedb = defineApi({
  api: 'Find By Title',
  tool: MOVIEDB,
  domain,
  capability: 'movies.search',
  adapt: (a) => renameArgs(a, { movie_name: 'title' }),
  description: 'Searches the MovieDB catalogue by title, five results per page.',
  input: z.object({ title: z.string(), page: z.number().int().min(1).max(50).default(1).describe('Result page, from 1') }),
  output: z.object({
    page: z.number().int(),
    total_pages: z.number().int(),
    total_results: z.number().int(),
    results: z.array(z.object({ movie_id: z.string(), original_title: z.string(), release_year: z.number().int(), popularity: z.number() })),
  }),
  handler: ({ title, page }, ctx) => {
    const { hits, total } = rankedSearch(movies(ctx).movies, movieTitle, title, 250);
    const slice = hits.slice((page - 1) * 5, page * 5);
    return {
      page,
      total_pages: Math.max(1, Math.ceil(total / 5)),
      total_results: total,
      results: slice.map((m) => ({ movie_id: m.id, original_title: m.title, release_year: year(m), popularity: Math.round(m.votes / 1000) / 10 })),
    };
  },
});

export const MovieDetailsOutput = z.object({
  id: z.string(),
  title: z.string(),
  release_date: z.string(),
  runtime: z.number().int(),
  vote_average: z.number(),
  vote_count: z.number().int(),
  genres: z.array(z.object({ name: z.string() })),
  original_language: z.string(),
  overview: z.string(),
  budget: z.number(),
  revenue: z.number(),
});

export const getMovieDetails = defineApi({
  api: 'Get Movie Details',
  tool: MOVIE_TOOLS,
  domain,
  capability: 'movies.details',
  description: 'Full record of one movie by its id: release date, runtime in minutes, average rating and vote count, genres, language, plot summary, budget and revenue in USD.',
  input: z.object({ id: z.string().describe('Movie id, as returned by a search') }),
  output: MovieDetailsOutput,
  handler: ({ id }, ctx) => {
    const m = movies(ctx).movieById.get(id);
    if (!m) return notFound('movie', id);
    return movieDetailsViews.of(m, null);
  },
});

const DateParts = z.object({ year: z.number().int(), month: z.number().int(), day: z.number().int() });

/** A movie's whole IMDb title record output: one view per movie. */
const titleDetails = (m: Movie) => ({
  tconst: m.id,
  titleText: { text: m.title },
  releaseDate: dateParts(m.release_date),
  runtime: { seconds: m.runtime * 60 },
  ratingsSummary: { aggregateRating: m.rating, voteCount: m.votes },
  genres: [...m.genres],
  plot: m.overview,
  boxOffice: { budget: m.budget, worldwideGross: m.revenue },
});
const titleDetailsViews = new SharedViews(titleDetails);

export const titleDetailsImdb = defineApi({
  api: 'Title Details',
  tool: IMDB,
  domain,
  capability: 'movies.details',
  adapt: (a) => renameArgs(a, { id: 'tconst' }),
  description: 'IMDb title record for a tconst: title text, release date split into parts, runtime in seconds, rating summary, genres, plot and box office figures.',
  input: z.object({ tconst: z.string().describe('IMDb title id, e.g. tt1234567') }),
  output: z.object({
    tconst: z.string(),
    titleText: z.object({ text: z.string() }),
    releaseDate: DateParts,
    runtime: z.object({ seconds: z.number().int() }),
    ratingsSummary: z.object({ aggregateRating: z.number(), voteCount: z.number().int() }),
    genres: z.array(z.string()),
    plot: z.string(),
    boxOffice: z.object({ budget: z.number(), worldwideGross: z.number() }),
  }),
  handler: ({ tconst }, ctx) => {
    const m = movies(ctx).movieById.get(tconst.trim());
    if (!m) return notFound('title', tconst);
    return titleDetailsViews.of(m, null);
  },
});

export const getMovieMoviedb = defineApi({
  api: 'Get Movie',
  tool: MOVIEDB,
  domain,
  capability: 'movies.details',
  adapt: (a) => renameArgs(a, { id: 'movie_id' }),
  description: 'MovieDB movie record: title, premiere date, length, score out of 10, genre names joined by commas.',
  input: z.object({ movie_id: z.string() }),
  output: z.object({
    movie: z.object({ movie_id: z.string(), original_title: z.string(), premiere: z.string(), length_minutes: z.number().int(), score: z.number(), votes: z.number().int(), genre: z.string(), language: z.string(), synopsis: z.string() }),
  }),
  handler: ({ movie_id }, ctx) => {
    const m = movies(ctx).movieById.get(movie_id);
    if (!m) return notFound('movie', movie_id);
    return {
      movie: { movie_id: m.id, original_title: m.title, premiere: m.release_date, length_minutes: m.runtime, score: m.rating, votes: m.votes, genre: m.genres.join(', '), language: m.language, synopsis: m.overview },
    };
  },
});

/** A movie's whole production companies output: one view per movie. */
const productionCompanies = (m: Movie, w: MoviesWorld) => ({ id: m.id, production_companies: m.company_ids.map((cid) => w.companyById.get(cid)!).map((c) => ({ id: c.id, name: c.name, origin_country: c.country })) });
const productionCompaniesViews = new SharedViews(productionCompanies);

export const getMovieProductionCompanies = defineApi({
  api: 'Get Movie Production Companies',
  tool: MOVIE_TOOLS,
  domain,
  description: 'The production companies credited on a movie, with their ids and countries of origin.',
  input: z.object({ id: z.string().describe('Movie id') }),
  output: z.object({ id: z.string(), production_companies: z.array(z.object({ id: z.string(), name: z.string(), origin_country: z.string() })) }),
  handler: ({ id }, ctx) => {
    const w = movies(ctx);
    const m = w.movieById.get(id);
    if (!m) return notFound('movie', id);
    return productionCompaniesViews.of(m, w);
  },
});

export const MovieCreditsOutput = z.object({
  id: z.string(),
  cast: z.array(z.object({ id: z.string(), name: z.string(), character: z.string(), order: z.number().int() })),
  crew: z.array(z.object({ id: z.string(), name: z.string(), job: z.string() })),
});

export const getMovieCredits = defineApi({
  api: 'Get Movie Credits',
  tool: MOVIE_TOOLS,
  domain,
  capability: 'movies.credits',
  description: 'Cast (in billing order, with characters) and key crew (the director) of a movie.',
  input: z.object({ id: z.string().describe('Movie id') }),
  output: MovieCreditsOutput,
  handler: ({ id }, ctx) => {
    const w = movies(ctx);
    const m = w.movieById.get(id);
    if (!m) return notFound('movie', id);
    const director = w.personById.get(m.director_id)!;
    return {
      id: m.id,
      cast: m.cast.map((c, order) => ({ id: c.person_id, name: w.personById.get(c.person_id)!.name, character: c.character, order })),
      crew: [{ id: director.id, name: director.name, job: 'Director' }],
    };
  },
});

export const titleCreditsImdb = defineApi({
  api: 'Title Credits',
  tool: IMDB,
  domain,
  capability: 'movies.credits',
  adapt: (a) => renameArgs(a, { id: 'tconst' }),
  description: 'IMDb principal credits of a title: directors and principal cast with their nconst ids.',
  input: z.object({ tconst: z.string() }),
  output: z.object({
    tconst: z.string(),
    directors: z.array(z.object({ nconst: z.string(), name: z.string() })),
    principals: z.array(z.object({ nconst: z.string(), name: z.string(), characters: z.array(z.string()) })),
  }),
  handler: ({ tconst }, ctx) => {
    const w = movies(ctx);
    const m = w.movieById.get(tconst);
    if (!m) return notFound('title', tconst);
    const director = w.personById.get(m.director_id)!;
    return {
      tconst: m.id,
      directors: [{ nconst: director.id, name: director.name }],
      principals: m.cast.map((c) => ({ nconst: c.person_id, name: w.personById.get(c.person_id)!.name, characters: [c.character] })),
    };
  },
});

export const PersonOutput = z.object({
  id: z.string(),
  name: z.string(),
  birthday: z.string(),
  place_of_birth: z.string(),
  known_for_department: z.string(),
  movie_credits: z.array(z.object({ id: z.string(), title: z.string(), release_date: z.string(), vote_average: z.number(), job: z.string() })),
});

export const getPerson = defineApi({
  api: 'Get Person',
  tool: MOVIE_TOOLS,
  domain,
  capability: 'movies.person',
  description: "A person's profile and every movie they directed or acted in, oldest first, with each movie's average rating.",
  input: z.object({ person_id: z.string() }),
  output: PersonOutput,
  handler: ({ person_id }, ctx) => {
    const w = movies(ctx);
    const p = w.personById.get(person_id);
    if (!p) return notFound('person', person_id);
    return {
      id: p.id,
      name: p.name,
      birthday: p.birth_date,
      place_of_birth: p.birthplace,
      known_for_department: p.department,
      movie_credits: (w.filmography.get(p.id) ?? []).map((mid) => {
        const m = w.movieById.get(mid)!;
        return { id: m.id, title: m.title, release_date: m.release_date, vote_average: m.rating, job: m.director_id === p.id ? 'Director' : 'Actor' };
      }),
    };
  },
});

export const nameDetailsImdb = defineApi({
  api: 'Name Details',
  tool: IMDB,
  domain,
  capability: 'movies.person',
  adapt: (a) => renameArgs(a, { person_id: 'nconst' }),
  description: 'IMDb name record for an nconst: name, birth date in parts, and the titles they are known for with ratings.',
  input: z.object({ nconst: z.string() }),
  output: z.object({
    nconst: z.string(),
    nameText: z.string(),
    birthDate: DateParts,
    primaryProfession: z.string(),
    knownFor: z.array(z.object({ tconst: z.string(), titleText: z.string(), year: z.number().int(), rating: z.number(), credit: z.string() })),
  }),
  handler: ({ nconst }, ctx) => {
    const w = movies(ctx);
    const p = w.personById.get(nconst);
    if (!p) return notFound('name', nconst);
    return {
      nconst: p.id,
      nameText: p.name,
      birthDate: dateParts(p.birth_date),
      primaryProfession: p.department === 'Directing' ? 'director' : 'actor',
      knownFor: (w.filmography.get(p.id) ?? []).map((mid) => {
        const m = w.movieById.get(mid)!;
        return { tconst: m.id, titleText: m.title, year: year(m), rating: m.rating, credit: m.director_id === p.id ? 'director' : 'actor' };
      }),
    };
  },
});

const WatchlistOutput = z.object({ results: z.array(z.object({ id: z.string(), title: z.string() })), total_results: z.number().int() });

export const addToWatchlist = defineApi({
  api: 'Add To Watchlist',
  tool: MOVIE_TOOLS,
  domain,
  writes: true,
  description: "Puts a movie on the user's watchlist (adding a movie that is already there changes nothing).",
  input: z.object({ movie_id: z.string() }),
  output: z.object({ success: z.boolean(), status_message: z.string(), watchlist_size: z.number().int() }),
  handler: ({ movie_id }, ctx) => {
    const m = movies(ctx).movieById.get(movie_id);
    if (!m) return notFound('movie', movie_id);
    const list = ctx.state.watchlist;
    if (list.includes(m.id)) return { success: true, status_message: `${m.title} is already on the watchlist.`, watchlist_size: list.length };
    list.push(m.id);
    return { success: true, status_message: `${m.title} was added to the watchlist.`, watchlist_size: list.length };
  },
});

export const removeFromWatchlist = defineApi({
  api: 'Remove From Watchlist',
  tool: MOVIE_TOOLS,
  domain,
  writes: true,
  description: "Takes a movie off the user's watchlist.",
  input: z.object({ movie_id: z.string() }),
  output: z.object({ success: z.boolean(), watchlist_size: z.number().int() }),
  handler: ({ movie_id }, ctx) => {
    const list = ctx.state.watchlist;
    const at = list.indexOf(movie_id);
    if (at === -1) return notFound('watchlist entry', movie_id);
    list.splice(at, 1);
    return { success: true, watchlist_size: list.length };
  },
});

export const getWatchlist = defineApi({
  api: 'Get Watchlist',
  tool: MOVIE_TOOLS,
  domain,
  description: "The movies on the user's watchlist, in the order they were added.",
  input: z.object({}),
  output: WatchlistOutput,
  handler: (_args, ctx) => {
    const w = movies(ctx);
    return { results: ctx.state.watchlist.map((id) => ({ id, title: w.movieById.get(id)!.title })), total_results: ctx.state.watchlist.length };
  },
});

export const movieTools = [
  getSearchMovie, searchMovieImdb, findByTitleMoviedb,
  getMovieDetails, titleDetailsImdb, getMovieMoviedb,
  getMovieProductionCompanies,
  getMovieCredits, titleCreditsImdb,
  getPerson, nameDetailsImdb,
  addToWatchlist, removeFromWatchlist, getWatchlist,
];
