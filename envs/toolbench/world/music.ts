import { addDays, daysBetween, weekday } from '../dates.js';
import type { DomainContext } from './context.js';
import { groupBy, indexBy } from './context.js';
import { FIRST_NAMES, LAST_NAMES, scaled, uniqueIds, uniqueStrings } from './names.js';
import { PLACES } from './places.js';

export interface Artist {
  readonly id: string;
  readonly name: string;
  readonly genre: string;
  readonly country: string;
  readonly followers: number;
  readonly popularity: number;
}

export interface Album {
  readonly id: string;
  readonly artist_id: string;
  readonly title: string;
  readonly album_type: 'album' | 'single';
  readonly release_date: string;
  readonly track_ids: readonly string[];
}

export interface Track {
  readonly id: string;
  readonly album_id: string;
  readonly artist_id: string;
  readonly title: string;
  readonly track_number: number;
  /** Whole seconds, in milliseconds. */
  readonly duration_ms: number;
  readonly popularity: number;
  readonly explicit: boolean;
}

export interface ChartEntry {
  readonly rank: number;
  readonly track_id: string;
  readonly last_week: number | null;
  readonly peak_position: number;
  readonly weeks_on_chart: number;
}

export interface Chart {
  /** A Saturday, as Billboard dates its charts. */
  readonly date: string;
  readonly entries: readonly ChartEntry[];
}

export interface MusicWorld {
  readonly artists: readonly Artist[];
  readonly albums: readonly Album[];
  readonly tracks: readonly Track[];
  /** Weekly Hot 100 charts, oldest first. */
  readonly charts: readonly Chart[];
  readonly artistById: ReadonlyMap<string, Artist>;
  readonly albumById: ReadonlyMap<string, Album>;
  readonly trackById: ReadonlyMap<string, Track>;
  /** Albums per artist, newest first. */
  readonly albumsByArtist: ReadonlyMap<string, readonly Album[]>;
}

const GENRES = ['indie rock', 'synth-pop', 'hip hop', 'country', 'jazz', 'r&b', 'folk', 'electronic', 'metal', 'latin pop'];
const BAND_ADJ = ['Velvet', 'Neon', 'Paper', 'Silver', 'Midnight', 'Hollow', 'Electric', 'Wandering', 'Golden', 'Static', 'Crystal', 'Lucky'];
const BAND_NOUN = ['Foxes', 'Harbors', 'Comets', 'Lanterns', 'Wolves', 'Satellites', 'Ghosts', 'Pilots', 'Rivers', 'Sparrows', 'Machines', 'Tides'];
const WORDS = ['Blue', 'Heart', 'Light', 'Road', 'Night', 'Fire', 'Rain', 'Gold', 'Dream', 'Echo', 'Summer', 'Shadow', 'Wire', 'Ocean', 'Dust', 'Glow', 'Signal', 'Paper', 'Stone', 'Sky', 'Honey', 'Thunder'];

const CHART_SIZE = 100;
const CHART_WEEKS = 10;

function words(ctx: DomainContext, n: number): string {
  let text = ctx.rng.pick(WORDS);
  for (let i = 1; i < n; i++) text += ` ${ctx.rng.pick(WORDS)}`;
  return text;
}

/** The latest Saturday on or before the day. */
export function chartDateOn(day: string): string {
  let d = day;
  while (weekday(d) !== 'Saturday') d = addDays(d, -1);
  return d;
}

export function buildMusic(ctx: DomainContext): MusicWorld {
  const { rng, today } = ctx;
  const artistCount = scaled(20, ctx.scale, 12, 1000);
  const names = uniqueStrings(artistCount, () =>
    rng.chance(0.5) ? `The ${rng.pick(BAND_ADJ)} ${rng.pick(BAND_NOUN)}` : `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`,
  );
  const artistIds = uniqueIds(rng, artistCount, 'ar', 6);
  const artists: Artist[] = names.map((name, i) => ({
    id: artistIds[i]!,
    name,
    genre: rng.pick(GENRES),
    country: rng.pick(PLACES).countryCode,
    followers: rng.int(5_000, 40_000_000),
    popularity: rng.int(20, 98),
  }));

  const albums: Album[] = [];
  const tracks: Track[] = [];
  const albumTitles = new Set<string>();
  let albumSerial = 0;
  let trackSerial = 0;
  const albumBase = rng.int(100000, 400000);
  const trackBase = rng.int(1000000, 4000000);
  for (const artist of artists) {
    const count = rng.int(2, 6);
    const start = addDays(today, -rng.int(365 * 4, 365 * 25));
    const span = daysBetween(start, addDays(today, -7));
    const days = new Set<number>();
    while (days.size < count) days.add(rng.int(0, span));
    const dates = [...days].sort((a, b) => a - b).map((d) => addDays(start, d));
    for (const date of dates) {
      let title = '';
      do title = words(ctx, rng.int(1, 3)); while (albumTitles.has(title));
      albumTitles.add(title);
      const type = rng.chance(0.7) ? ('album' as const) : ('single' as const);
      const id = `al${albumBase + albumSerial++ * 7}`;
      const n = type === 'album' ? rng.int(6, 12) : rng.int(1, 3);
      const ids: string[] = [];
      const trackTitles = new Set<string>();
      for (let k = 0; k < n; k++) {
        let trackTitle = '';
        do trackTitle = words(ctx, rng.int(1, 3)); while (trackTitles.has(trackTitle));
        trackTitles.add(trackTitle);
        const trackId = `tr${trackBase + trackSerial++ * 13}`;
        ids.push(trackId);
        tracks.push({
          id: trackId,
          album_id: id,
          artist_id: artist.id,
          title: type === 'single' && k === 0 ? title : trackTitle,
          track_number: k + 1,
          duration_ms: rng.int(95, 420) * 1000,
          popularity: Math.max(0, Math.min(100, artist.popularity + rng.int(-25, 10))),
          explicit: rng.chance(0.2),
        });
      }
      albums.push({ id, artist_id: artist.id, title, album_type: type, release_date: date, track_ids: ids });
    }
  }

  const charts: Chart[] = [];
  const pool = [...tracks].sort((a, b) => b.popularity - a.popularity || (a.id < b.id ? -1 : 1)).slice(0, Math.min(tracks.length, CHART_SIZE + CHART_SIZE / 2));
  const lastChart = chartDateOn(today);
  const history = new Map<string, { last: number; peak: number; weeks: number }>();
  for (let w = CHART_WEEKS - 1; w >= 0; w--) {
    const date = addDays(lastChart, -7 * w);
    const scored = pool.map((t) => ({ t, s: t.popularity + rng.next() * 40 })).sort((a, b) => b.s - a.s).slice(0, CHART_SIZE);
    const thisWeek = new Map<string, number>();
    const entries: ChartEntry[] = scored.map(({ t }, i) => {
      const rank = i + 1;
      thisWeek.set(t.id, rank);
      const before = history.get(t.id);
      const peak = before ? Math.min(before.peak, rank) : rank;
      const weeks = (before?.weeks ?? 0) + 1;
      return { rank, track_id: t.id, last_week: before && before.last > 0 ? before.last : null, peak_position: peak, weeks_on_chart: weeks };
    });
    for (const [id, h] of history) if (!thisWeek.has(id)) history.set(id, { ...h, last: 0 });
    for (const e of entries) history.set(e.track_id, { last: e.rank, peak: e.peak_position, weeks: e.weeks_on_chart });
    charts.push({ date, entries });
  }

  const albumsByArtist = new Map<string, Album[]>();
  for (const [artistId, list] of groupBy(albums, (a) => a.artist_id)) albumsByArtist.set(artistId, [...list].sort((a, b) => (a.release_date < b.release_date ? 1 : -1)));
  return {
    artists,
    albums,
    tracks,
    charts,
    artistById: indexBy(artists, 'id'),
    albumById: indexBy(albums, 'id'),
    trackById: indexBy(tracks, 'id'),
    albumsByArtist,
  };
}
