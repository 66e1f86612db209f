import { z } from 'zod';
import { ref } from '../../../src/index.js';
import { ConvertOutput, convertCurrency, getQuotes, type QuotesOutput } from '../tools/finance.js';
import { everything, extractArticle, type EverythingOutput, type ExtractOutput } from '../tools/news.js';
import { albumTracksSpotify, artistAlbumsSpotify, searchArtistsSpotify, type AlbumTracksOutput } from '../tools/music.js';
import { forecastWeather, realtimeWeather, type ForecastOutput, type RealtimeWeatherOutput } from '../tools/weather.js';
import { leagues, standings, teamsSearch, fixturesLast, type FixturesOutput, type TeamsSearchOutput } from '../tools/sports.js';
import { companyDetails, jobDetails, jobSearch, type CompanyOutput, type JobSearchOutput } from '../tools/jobs.js';
import { propertiesList, type PropertiesListOutput } from '../tools/realestate.js';
import { getMovieDetails, getMovieProductionCompanies, getSearchMovie, type MovieDetailsOutput } from '../tools/movies.js';
import { type RecipeInformationOutput } from '../tools/food.js';
import { output, sum, toolbenchConversation, uniqueMax, type Outputs, type SampleScope } from './define.js';
import { artistName, foundArtist, latestAlbum } from './music.js';
import { city, days, wettest } from './weather.js';
import { company, currencyCode, foundCompany, searchStep } from './finance.js';
import { foundLeague, foundTeam, leagueName, table, teamName } from './sports.js';
import { jobCity, role, roleInCity } from './jobs.js';
import { cheapest, complete, usCity } from './realestate.js';
import { foundRecipe, recipePath, recipeTitle } from './food.js';
import { foundFirst, movieTitle } from './movies.js';
import { keyword, latestIsUnique } from './news.js';

type Forecast = z.infer<typeof ForecastOutput>;
type Tracks = z.infer<typeof AlbumTracksOutput>;

/** How the user talks about a city it asks about. */
const cityTopic = { label: 'city', cues: ['where', 'location', 'town', 'place'] };
const forecastSteps = [{ name: 'forecast', tool: forecastWeather.name, args: { q: ref.placeholder('city'), days: ref.placeholder('days') } }];
const rainiest = (outputs: Outputs) => wettest(output<Forecast>(outputs, 'forecast'));

export const mtMusicLatestAlbum = toolbenchConversation({
  id: 'music.mt.latest_album_longest_track',
  domain: 'Music',
  placeholders: { artist: artistName },
  path: [
    { name: 'search', tool: searchArtistsSpotify.name, args: { q: ref.placeholder('artist') } },
    { name: 'albums', tool: artistAlbumsSpotify.name, args: { id: ref.output('search', 'artists.items.0.id') } },
    { name: 'tracks', tool: albumTracksSpotify.name, args: { id: ref.compute(({ outputs }) => latestAlbum(outputs)?.id ?? '', ['albums']) } },
  ],
  accept: ({ outputs, values }) => {
    if (!foundArtist(outputs, values['artist'])) return 'the artist is not the first hit';
    if (latestAlbum(outputs) === null) return 'no single latest album';
    return uniqueMax(output<Tracks>(outputs, 'tracks').items, (t) => t.duration_ms) !== null || 'two tracks share the longest duration';
  },
  conversation: {
    topics: { artist: { label: 'artist', cues: ['favourite artist', 'favorite artist', 'band', 'singer', 'musician', 'who'], replies: ["It's {value}.", 'My favourite artist is {value}.', '{value}, of course.'] } },
    withhold: ['artist'],
    intents: [
      { id: 'album', text: ["What's the most recent studio album by my favourite artist?", 'Which studio album did my favourite artist release last?'], steps: ['search', 'albums'], answer: ({ outputs }) => latestAlbum(outputs)?.name ?? null, compare: { kind: 'normalized' } },
      { id: 'track', text: ['Nice. Which track on it runs the longest?', 'And what is the longest song on that album?'], steps: ['tracks'], answer: ({ outputs }) => uniqueMax(output<Tracks>(outputs, 'tracks').items, (t) => t.duration_ms)?.name ?? null, compare: { kind: 'normalized' } },
    ],
  },
});

export const mtWeatherRainiest = toolbenchConversation({
  id: 'weather.mt.rainiest_day_then_amount',
  domain: 'Weather',
  placeholders: { city: city('a city with some rain in the forecast'), days },
  path: forecastSteps,
  accept: ({ outputs }) => {
    const best = rainiest(outputs);
    return (best !== null && best.day.totalprecip_mm > 0) || 'no single rainiest day';
  },
  conversation: {
    topics: { city: cityTopic, days: { label: 'number of days', cues: ['how many days', 'days ahead', 'how far ahead'] } },
    withhold: ['city'],
    intents: [
      { id: 'day', text: ['Over the next {days} days (today included), which day will be the rainiest where I live? Answer YYYY-MM-DD.', 'Which of the coming {days} days, counting today, is the wettest in my city? Give the date as YYYY-MM-DD.'], answer: ({ outputs }) => rainiest(outputs)?.date ?? null, compare: { kind: 'normalized' } },
      { id: 'amount', text: ['How many millimetres of rain are expected that day?', 'And how much rain, in mm, is forecast for that day?'], answer: ({ outputs }) => rainiest(outputs)?.day.totalprecip_mm ?? null, compare: { kind: 'number', tolerance: 0.05 } },
    ],
  },
});

export const mtWeatherHumidityCorrection = toolbenchConversation({
  id: 'weather.mt.humidity_corrected_city',
  domain: 'Weather',
  placeholders: { city: city('a city') },
  path: [{ name: 'now', tool: realtimeWeather.name, args: { q: ref.placeholder('city') } }],
  conversation: {
    topics: { city: cityTopic },
    withhold: [],
    intents: [
      { id: 'humidity', text: ['What is the relative humidity in {city} right now, in percent?', 'How humid is it in {city} at the moment, in percent?'], answer: ({ outputs }) => output<z.infer<typeof RealtimeWeatherOutput>>(outputs, 'now').current.humidity, compare: { kind: 'number', tolerance: 0 } },
      {
        id: 'corrected',
        redo: 'humidity',
        placeholder: 'city',
        sample: ({ world, rng, values }) => rng.pick(world.weather.cities.filter((c) => c.city !== values['city'])).city,
        text: ['Sorry, I got the city wrong: I meant {city}. What is the humidity there?', 'Oops, not that one. I meant {city}; how humid is it there right now?'],
      },
    ],
  },
});

export const mtFinancePriceConvert = toolbenchConversation({
  id: 'finance.mt.share_price_then_convert',
  domain: 'Finance',
  placeholders: { company, to: { ...currencyCode(), sample: ({ world, rng }: SampleScope) => rng.pick(Object.keys(world.finance.usdRates).filter((c) => c !== 'USD')) } },
  path: [
    searchStep,
    { name: 'quote', tool: getQuotes.name, args: { symbols: ref.output('search', 'quotes.0.symbol') } },
    { name: 'convert', tool: convertCurrency.name, args: { from: ref.literal('USD'), to: ref.placeholder('to'), amount: ref.output('quote', 'quoteResponse.result.0.regularMarketPrice') } },
  ],
  accept: ({ outputs, values }) => foundCompany(outputs, values['company']) || 'the company is not the first hit',
  conversation: {
    topics: { company: { label: 'company', cues: ['stock', 'which shares', 'firm', 'ticker'] }, to: { label: 'currency', cues: ['which currency', 'currency code'] } },
    withhold: ['company'],
    intents: [
      { id: 'price', text: ["What's the latest share price of the company I hold shares in, in US dollars?", 'How much does one share of my company cost right now, in USD?'], steps: ['search', 'quote'], answer: ({ outputs }) => output<z.infer<typeof QuotesOutput>>(outputs, 'quote').quoteResponse.result[0]!.regularMarketPrice, compare: { kind: 'number', tolerance: 0.01 } },
      { id: 'converted', text: ['What is that price in {to} at today\'s rate?', 'Convert that share price to {to} for me.'], steps: ['convert'], answer: ({ outputs }) => output<z.infer<typeof ConvertOutput>>(outputs, 'convert').result, compare: { kind: 'number', tolerance: 0.002, relative: true } },
    ],
  },
});

export const mtSportsLeader = toolbenchConversation({
  id: 'sports.mt.league_leader_then_points',
  domain: 'Sports',
  placeholders: { league: leagueName },
  path: [
    { name: 'leagues', tool: leagues.name, args: { name: ref.placeholder('league') } },
    { name: 'table', tool: standings.name, args: { league: ref.output('leagues', 'response.0.league.id') } },
  ],
  accept: ({ outputs, values }) => {
    if (!foundLeague(outputs, values['league'])) return 'the league is ambiguous';
    const rows = table(outputs);
    return rows[0]!.points !== rows[1]!.points || 'two clubs share the lead';
  },
  conversation: {
    topics: { league: { label: 'league', cues: ['competition', 'division', 'championship'] } },
    withhold: ['league'],
    intents: [
      { id: 'leader', text: ['Which club tops the table of the league I follow right now?', 'Who is first in my league at the moment?'], answer: ({ outputs }) => table(outputs)[0]!.team.name, compare: { kind: 'normalized' } },
      { id: 'points', text: ['How many points does it have?', 'And how many points has that club got?'], answer: ({ outputs }) => table(outputs)[0]!.points, compare: { kind: 'number', tolerance: 0 } },
    ],
  },
});

export const mtSportsStadiumGoals = toolbenchConversation({
  id: 'sports.mt.stadium_then_goals',
  domain: 'Sports',
  placeholders: { team: teamName, n: { schema: z.number().int().min(2).max(8), description: 'how many recent matches', sample: ({ rng }: SampleScope) => rng.int(3, 6) } },
  path: [
    { name: 'search', tool: teamsSearch.name, args: { search: ref.placeholder('team') } },
    { name: 'fixtures', tool: fixturesLast.name, args: { team: ref.output('search', 'response.0.team.id'), last: ref.placeholder('n') } },
  ],
  accept: ({ outputs, values }) => (foundTeam(outputs, values['team']) && output<z.infer<typeof FixturesOutput>>(outputs, 'fixtures').results === values['n']) || 'not enough matches played',
  conversation: {
    topics: { team: { label: 'club', cues: ['team', 'side', 'support'] }, n: { label: 'number of matches', cues: ['how many matches', 'how many games'] } },
    withhold: ['team'],
    intents: [
      { id: 'capacity', text: ['How many spectators does the stadium of the club I support hold?', "What's the capacity of my club's home ground?"], steps: ['search'], answer: ({ outputs }) => output<z.infer<typeof TeamsSearchOutput>>(outputs, 'search').response[0]!.venue.capacity, compare: { kind: 'number', tolerance: 0 } },
      {
        id: 'goals',
        text: ['And how many goals did they score over their last {n} matches?', 'How many goals in total did they score in their {n} most recent games?'],
        steps: ['fixtures'],
        answer: ({ outputs }) => {
          const id = output<z.infer<typeof TeamsSearchOutput>>(outputs, 'search').response[0]!.team.id;
          return sum(output<z.infer<typeof FixturesOutput>>(outputs, 'fixtures').response.map((f) => (f.teams.home.id === id ? f.goals.home : f.goals.away)));
        },
        compare: { kind: 'number', tolerance: 0 },
      },
    ],
  },
});

export const mtJobsNewestStaff = toolbenchConversation({
  id: 'jobs.mt.newest_opening_then_staff',
  domain: 'Jobs',
  placeholders: { role, city: jobCity },
  path: [
    { name: 'search', tool: jobSearch.name, args: { query: roleInCity } },
    { name: 'details', tool: jobDetails.name, args: { job_id: ref.output('search', 'data.0.job_id') } },
    { name: 'company', tool: companyDetails.name, args: { company_id: ref.output('details', 'data.0.employer_id') } },
  ],
  accept: ({ outputs }) => output<z.infer<typeof JobSearchOutput>>(outputs, 'search').data.length > 0 || 'no opening',
  conversation: {
    topics: { role: { label: 'job title', cues: ['role', 'position', 'kind of job', 'what job'] }, city: cityTopic },
    withhold: ['city'],
    intents: [
      { id: 'employer', text: ['Which company posted the newest {role} opening in my city?', 'Who is behind the most recent {role} job ad where I live?'], steps: ['search'], needs: ['city'], answer: ({ outputs }) => output<z.infer<typeof JobSearchOutput>>(outputs, 'search').data[0]!.employer_name, compare: { kind: 'normalized' } },
      { id: 'staff', text: ['How many employees does that company have?', 'And how big is that company, in staff?'], steps: ['details', 'company'], answer: ({ outputs }) => output<z.infer<typeof CompanyOutput>>(outputs, 'company').data.staffCount, compare: { kind: 'number', tolerance: 0 } },
    ],
  },
});

export const mtHomesBedsCorrection = toolbenchConversation({
  id: 'data.mt.cheapest_home_corrected_beds',
  domain: 'Data',
  placeholders: { city: usCity, beds: { schema: z.number().int().min(1).max(5), description: 'minimum number of bedrooms', sample: ({ rng }: SampleScope) => rng.int(2, 3) } },
  path: [{ name: 'search', tool: propertiesList.name, args: { city: ref.placeholder('city'), status: ref.literal('for_sale'), beds_min: ref.placeholder('beds'), limit: ref.literal(50) } }],
  accept: ({ outputs }) => (complete(outputs, 'search') && cheapest(outputs, 'search') !== null) || 'no single cheapest listing',
  conversation: {
    topics: { city: cityTopic, beds: { label: 'number of bedrooms', cues: ['bedrooms', 'beds', 'how many rooms'], replies: ['We need at least {value} bedrooms.', 'At least {value} bedrooms.', 'The number of bedrooms is {value} or more.'] } },
    withhold: ['beds'],
    intents: [
      { id: 'cheapest', text: ['What is the street address of the cheapest home for sale in {city} with enough bedrooms for us?', 'Find me the lowest-priced home for sale in {city} that has enough bedrooms for my family; what is its address?'], answer: ({ outputs }) => cheapest(outputs, 'search')?.location.address.line ?? null, compare: { kind: 'normalized' } },
      { id: 'bigger', redo: 'cheapest', placeholder: 'beds', sample: ({ rng, values }) => (values['beds'] as number) + rng.int(1, 2), text: ['Actually, we need at least {beds} bedrooms. Which one is the cheapest then?', 'Sorry, make that {beds} bedrooms or more. What is the address of the cheapest one now?'] },
    ],
  },
});

export const mtFoodRecipe = toolbenchConversation({
  id: 'food.mt.recipe_ingredients_then_calories',
  domain: 'Food',
  placeholders: { recipe: recipeTitle, portions: { schema: z.number().int().min(1).max(4), description: 'servings eaten', sample: ({ rng }: SampleScope) => rng.int(2, 4) } },
  path: recipePath,
  accept: ({ outputs, values }) => foundRecipe(outputs, values['recipe']) || 'the recipe is not the first hit',
  conversation: {
    topics: { recipe: { label: 'recipe', cues: ['dish', 'what are you cooking'] }, portions: { label: 'number of servings', cues: ['servings', 'portions', 'how much will you eat'] } },
    withhold: [],
    intents: [
      { id: 'ingredients', text: ['How many different ingredients does the recipe "{recipe}" call for?', 'Count the ingredients in the {recipe} recipe for me.'], answer: ({ outputs }) => output<z.infer<typeof RecipeInformationOutput>>(outputs, 'info').extendedIngredients.length, compare: { kind: 'number', tolerance: 0 } },
      { id: 'calories', text: ['If I eat {portions} servings of it, how many calories is that?', 'How many kcal are in {portions} servings of it?'], answer: ({ outputs, values }) => Math.round(output<z.infer<typeof RecipeInformationOutput>>(outputs, 'info').nutrition.caloriesPerServing * (values['portions'] as number)), compare: { kind: 'number', tolerance: 1 } },
    ],
  },
});

export const mtMovieReleaseCompanies = toolbenchConversation({
  id: 'movies.mt.release_then_companies',
  domain: 'Movies',
  placeholders: { movie_name: movieTitle('the title of a movie in the catalogue') },
  path: [
    { name: 'search', tool: getSearchMovie.name, args: { movie_name: ref.placeholder('movie_name') } },
    { name: 'details', tool: getMovieDetails.name, args: { id: ref.output('search', 'results.0.id') } },
    { name: 'companies', tool: getMovieProductionCompanies.name, args: { id: ref.output('search', 'results.0.id') } },
  ],
  accept: ({ outputs, values }) => foundFirst(outputs, 'search', values['movie_name']!) || 'the title is not the first search hit',
  conversation: {
    topics: { movie_name: { label: 'movie', cues: ['film', 'title', 'which one'], replies: ['It was "{value}".', 'The movie is "{value}".', '"{value}".'] } },
    withhold: ['movie_name'],
    intents: [
      { id: 'release', text: ['When was the movie I watched last night released? Give the date as YYYY-MM-DD.', 'I saw a great film yesterday. On what day did it come out (YYYY-MM-DD)?'], steps: ['search', 'details'], answer: ({ outputs }) => output<z.infer<typeof MovieDetailsOutput>>(outputs, 'details').release_date, compare: { kind: 'normalized' } },
      { id: 'companies', text: ['Which companies produced it? List them all.', 'And who were its production companies?'], steps: ['companies'], answer: ({ outputs }) => output<{ production_companies: { name: string }[] }>(outputs, 'companies').production_companies.map((c) => c.name), compare: { kind: 'set' } },
    ],
  },
});

export const mtNewsLatestWords = toolbenchConversation({
  id: 'news.mt.latest_source_then_words',
  domain: 'News_Media',
  placeholders: { keyword },
  path: [
    { name: 'search', tool: everything.name, args: { q: ref.placeholder('keyword'), pageSize: ref.literal(3) } },
    { name: 'article', tool: extractArticle.name, args: { url: ref.output('search', 'articles.0.url') } },
  ],
  accept: ({ outputs }) => latestIsUnique(outputs, 'search') || 'no single latest article',
  conversation: {
    topics: { keyword: { label: 'topic', cues: ['subject', 'keyword', 'what about', 'story about'] } },
    withhold: ['keyword'],
    intents: [
      { id: 'source', text: ["Which outlet published the most recent article on the topic I'm following?", 'Who ran the latest story on the subject I care about? Name the news source.'], steps: ['search'], answer: ({ outputs }) => output<z.infer<typeof EverythingOutput>>(outputs, 'search').articles[0]?.source.name ?? null, compare: { kind: 'normalized' } },
      { id: 'words', text: ['How many words long is that article?', 'And what is its word count?'], steps: ['article'], answer: ({ outputs }) => output<z.infer<typeof ExtractOutput>>(outputs, 'article').word_count, compare: { kind: 'number', tolerance: 0 } },
    ],
  },
});

export const multiTurnTemplates = [
  mtMusicLatestAlbum, mtWeatherRainiest, mtWeatherHumidityCorrection, mtFinancePriceConvert, mtSportsLeader, mtSportsStadiumGoals,
  mtJobsNewestStaff, mtHomesBedsCorrection, mtFoodRecipe, mtMovieReleaseCompanies, mtNewsLatestWords,
];
