import { z } from 'zod';
import { holdingViews } from '../../../src/core/shared-json.js';
import { SharedViews } from '../../../src/core/shared-views.js';
import { defineApi, badRequest, notFound, renameArgs, type ToolBenchContext } from '../api.js';
import { nextId } from '../state.js';
import type { Album, Artist, MusicWorld, Track } from '../world/music.js';
import { chartDateOn } from '../world/music.js';
import { rankedSearch } from './text-match.js';

const SPOTIFY = 'Spotify';
const DEEZER = 'Deezer';
const BILLBOARD = 'Billboard API';
const domain = 'Music' as const;

const music = (ctx: ToolBenchContext): MusicWorld => ctx.world.music;
const spotifyAlbum = (a: Album) => ({ id: a.id, name: a.title, album_type: a.album_type, release_date: a.release_date, total_tracks: a.track_ids.length });
const spotifyAlbumViews = new SharedViews(spotifyAlbum);
const deezerAlbum = (a: Album) => ({ id: a.id, title: a.title, record_type: a.album_type, release_date: a.release_date, nb_tracks: a.track_ids.length });
const deezerAlbumViews = new SharedViews(deezerAlbum);
const spotifyTrack = (t: Track) => ({ id: t.id, name: t.title, track_number: t.track_number, duration_ms: t.duration_ms, explicit: t.explicit });
const spotifyTrackViews = new SharedViews(spotifyTrack);
const artistName = (a: Artist): string => a.name;
const spotifyArtist = (a: Artist) => ({ id: a.id, name: a.name, genres: [a.genre], followers: { total: a.followers }, popularity: a.popularity });
const spotifyArtistViews = new SharedViews(spotifyArtist);

export const SearchArtistsOutput = z.object({
  artists: z.object({
    items: z.array(z.object({ id: z.string(), name: z.string(), genres: z.array(z.string()), followers: z.object({ total: z.number().int() }), popularity: z.number().int() })),
    total: z.number().int(),
  }),
});

export const searchArtistsSpotify = defineApi({
  api: 'Search Artists',
  tool: SPOTIFY,
  domain,
  capability: 'music.artist_search',
  description: 'Finds artists by name; best match first, with genres, follower count and popularity (0-100).',
  input: z.object({ q: z.string().describe('Artist name to search for'), limit: z.number().int().min(1).max(20).default(10) }),
  output: SearchArtistsOutput,
  handler: ({ q, limit }, ctx) => {
    const { hits, total } = rankedSearch(music(ctx).artists, artistName, q, limit);
    return holdingViews({ artists: { items: hits.map((a) => spotifyArtistViews.of(a, null)), total } });
  },
});

export const searchArtistDeezer = defineApi({
  api: 'Search Artist',
  tool: DEEZER,
  domain,
  capability: 'music.artist_search',
  adapt: (a) => renameArgs(a, { q: 'artist_name' }),
  description: 'Deezer artist search: ids, names and fan counts of artists matching a name.',
  input: z.object({ artist_name: z.string() }),
  output: z.object({ data: z.array(z.object({ id: z.string(), name: z.string(), nb_fan: z.number().int(), type: z.literal('artist') })), total: z.number().int() }),
  handler: ({ artist_name }, ctx) => {
    const { hits, total } = rankedSearch(music(ctx).artists, artistName, artist_name, 25);
    return { data: hits.map((a) => ({ id: a.id, name: a.name, nb_fan: a.followers, type: 'artist' as const })), total };
  },
});

export const ArtistAlbumsOutput = z.object({
  items: z.array(z.object({ id: z.string(), name: z.string(), album_type: z.enum(['album', 'single']), release_date: z.string(), total_tracks: z.number().int() })),
  total: z.number().int(),
});

/** An artist's whole Spotify releases output: one view per artist. */
function artistAlbums(artist: Artist, w: MusicWorld) {
  const albums = w.albumsByArtist.get(artist.id) ?? [];
  return { items: albums.map((a) => spotifyAlbumViews.of(a, null)), total: albums.length };
}
const artistAlbumsViews = new SharedViews(artistAlbums);

export const artistAlbumsSpotify = defineApi({
  api: 'Artist Albums',
  tool: SPOTIFY,
  domain,
  capability: 'music.artist_albums',
  description: "An artist's releases, newest first; album_type tells studio albums from singles.",
  input: z.object({ id: z.string().describe('Spotify artist id') }),
  output: ArtistAlbumsOutput,
  handler: ({ id }, ctx) => {
    const w = music(ctx);
    const artist = w.artistById.get(id);
    if (artist === undefined) return notFound('artist', id);
    return artistAlbumsViews.of(artist, w);
  },
});

export const artistAlbumsDeezer = defineApi({
  api: 'Artist Albums',
  tool: DEEZER,
  domain,
  capability: 'music.artist_albums',
  adapt: (a) => renameArgs(a, { id: 'artist_id' }),
  description: "Deezer discography of an artist, oldest first; record_type is 'album' or 'single'.",
  input: z.object({ artist_id: z.string() }),
  output: z.object({ data: z.array(z.object({ id: z.string(), title: z.string(), record_type: z.string(), release_date: z.string(), nb_tracks: z.number().int() })), total: z.number().int() }),
  handler: ({ artist_id }, ctx) => {
    const w = music(ctx);
    if (!w.artistById.has(artist_id)) return notFound('artist', artist_id);
    const albums = [...(w.albumsByArtist.get(artist_id) ?? [])].reverse();
    return holdingViews({ data: albums.map((a) => deezerAlbumViews.of(a, null)), total: albums.length });
  },
});

export const AlbumTracksOutput = z.object({
  items: z.array(z.object({ id: z.string(), name: z.string(), track_number: z.number().int(), duration_ms: z.number().int(), explicit: z.boolean() })),
  total: z.number().int(),
});

/** An album's whole Spotify track list output: one view per album. */
const albumTracks = (album: Album, w: MusicWorld) => ({ items: album.track_ids.map((tid) => spotifyTrackViews.of(w.trackById.get(tid)!, null)), total: album.track_ids.length });
const albumTracksViews = new SharedViews(albumTracks);

export const albumTracksSpotify = defineApi({
  api: 'Album Tracks',
  tool: SPOTIFY,
  domain,
  capability: 'music.album_tracks',
  description: 'The tracks of an album in order, with durations in milliseconds.',
  input: z.object({ id: z.string().describe('Spotify album id') }),
  output: AlbumTracksOutput,
  handler: ({ id }, ctx) => {
    const w = music(ctx);
    const album = w.albumById.get(id);
    if (!album) return notFound('album', id);
    return albumTracksViews.of(album, w);
  },
});

export const albumDeezer = defineApi({
  api: 'Album',
  tool: DEEZER,
  domain,
  capability: 'music.album_tracks',
  adapt: (a) => renameArgs(a, { id: 'album_id' }),
  description: 'Deezer album record with its track list; durations are in seconds.',
  input: z.object({ album_id: z.string() }),
  output: z.object({
    id: z.string(),
    title: z.string(),
    release_date: z.string(),
    duration: z.number().int(),
    tracks: z.object({ data: z.array(z.object({ id: z.string(), title: z.string(), duration: z.number().int(), explicit_lyrics: z.boolean() })) }),
  }),
  handler: ({ album_id }, ctx) => {
    const w = music(ctx);
    const album = w.albumById.get(album_id);
    if (!album) return notFound('album', album_id);
    const list = album.track_ids.map((tid) => w.trackById.get(tid)!);
    return {
      id: album.id,
      title: album.title,
      release_date: album.release_date,
      duration: list.reduce((s, t) => s + t.duration_ms / 1000, 0),
      tracks: { data: list.map((t) => ({ id: t.id, title: t.title, duration: t.duration_ms / 1000, explicit_lyrics: t.explicit })) },
    };
  },
});

export const getTrackSpotify = defineApi({
  api: 'Get Track',
  tool: SPOTIFY,
  domain,
  description: 'One track: name, artist, album, duration in milliseconds and popularity (0-100).',
  input: z.object({ id: z.string().describe('Spotify track id') }),
  output: z.object({
    id: z.string(),
    name: z.string(),
    duration_ms: z.number().int(),
    popularity: z.number().int(),
    explicit: z.boolean(),
    artists: z.array(z.object({ id: z.string(), name: z.string() })),
    album: z.object({ id: z.string(), name: z.string(), release_date: z.string() }),
  }),
  handler: ({ id }, ctx) => {
    const w = music(ctx);
    const t = w.trackById.get(id);
    if (!t) return notFound('track', id);
    const artist = w.artistById.get(t.artist_id)!;
    const album = w.albumById.get(t.album_id)!;
    return {
      id: t.id,
      name: t.title,
      duration_ms: t.duration_ms,
      popularity: t.popularity,
      explicit: t.explicit,
      artists: [{ id: artist.id, name: artist.name }],
      album: { id: album.id, name: album.title, release_date: album.release_date },
    };
  },
});

export const Hot100Output = z.object({
  chart: z.object({
    name: z.literal('Hot 100'),
    date: z.string(),
    entries: z.array(z.object({ rank: z.number().int(), title: z.string(), artist: z.string(), last_week: z.number().int().nullable(), peak_position: z.number().int(), weeks_on_chart: z.number().int() })),
  }),
});

export const billboardHot100 = defineApi({
  api: 'Billboard Hot 100',
  tool: BILLBOARD,
  domain,
  description: 'The Hot 100 chart of the week containing a date (charts are dated on Saturdays); range picks positions, e.g. 1-10.',
  input: z.object({
    date: z.iso.date().describe('A day of the chart week, YYYY-MM-DD'),
    range: z.string().regex(/^\d{1,3}-\d{1,3}$/).default('1-10').describe('Positions to return, e.g. 1-10 or 11-20 (at most 25 at a time)'),
  }),
  output: Hot100Output,
  handler: ({ date, range }, ctx) => {
    const w = music(ctx);
    const [from, to] = range.split('-').map(Number) as [number, number];
    if (from < 1 || to < from || to > 100) return badRequest(`range ${range} must be within 1-100, low to high`);
    if (to - from >= 25) return badRequest('at most 25 positions per request');
    const week = chartDateOn(date);
    const chart = w.charts.find((c) => c.date === week);
    if (!chart) return notFound('chart for the week of', date);
    return {
      chart: {
        name: 'Hot 100' as const,
        date: chart.date,
        entries: chart.entries.slice(from - 1, to).map((e) => {
          const t = w.trackById.get(e.track_id)!;
          return { rank: e.rank, title: t.title, artist: w.artistById.get(t.artist_id)!.name, last_week: e.last_week, peak_position: e.peak_position, weeks_on_chart: e.weeks_on_chart };
        }),
      },
    };
  },
});

export const PlaylistOutput = z.object({ id: z.string(), name: z.string(), description: z.string(), tracks: z.object({ total: z.number().int() }) });

export const createPlaylistSpotify = defineApi({
  api: 'Create Playlist',
  tool: SPOTIFY,
  domain,
  writes: true,
  description: "Creates an empty playlist in the user's library and returns its id.",
  input: z.object({ name: z.string().min(1).max(100), description: z.string().max(300).default('') }),
  output: PlaylistOutput,
  handler: ({ name, description }, ctx) => {
    const playlist = { id: nextId(ctx.state, 'PL'), name, description, track_ids: [], duration_ms: 0 };
    ctx.state.playlists.push(playlist);
    return { id: playlist.id, name, description, tracks: { total: 0 } };
  },
});

export const addItemsToPlaylistSpotify = defineApi({
  api: 'Add Items To Playlist',
  tool: SPOTIFY,
  domain,
  writes: true,
  description: 'Appends tracks (by track id) to one of the user\'s playlists; all ids must exist.',
  input: z.object({ playlist_id: z.string(), track_ids: z.array(z.string()).min(1).max(50) }),
  output: z.object({ snapshot_id: z.string(), total_tracks: z.number().int(), duration_ms: z.number().int() }),
  handler: ({ playlist_id, track_ids }, ctx) => {
    const w = music(ctx);
    const playlist = ctx.state.playlists.find((p) => p.id === playlist_id);
    if (!playlist) return notFound('playlist', playlist_id);
    for (const id of track_ids) if (!w.trackById.has(id)) return notFound('track', id);
    for (const id of track_ids) {
      playlist.track_ids.push(id);
      playlist.duration_ms += w.trackById.get(id)!.duration_ms;
    }
    return { snapshot_id: `${playlist.id}:${playlist.track_ids.length}`, total_tracks: playlist.track_ids.length, duration_ms: playlist.duration_ms };
  },
});

export const getPlaylistSpotify = defineApi({
  api: 'Get Playlist',
  tool: SPOTIFY,
  domain,
  description: 'A playlist of the user with its tracks and total duration in milliseconds.',
  input: z.object({ playlist_id: z.string() }),
  output: z.object({
    id: z.string(),
    name: z.string(),
    duration_ms: z.number().int(),
    tracks: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), duration_ms: z.number().int() })), total: z.number().int() }),
  }),
  handler: ({ playlist_id }, ctx) => {
    const w = music(ctx);
    const playlist = ctx.state.playlists.find((p) => p.id === playlist_id);
    if (!playlist) return notFound('playlist', playlist_id);
    return {
      id: playlist.id,
      name: playlist.name,
      duration_ms: playlist.duration_ms,
      tracks: { items: playlist.track_ids.map((id) => w.trackById.get(id)!).map((t) => ({ id: t.id, name: t.title, duration_ms: t.duration_ms })), total: playlist.track_ids.length },
    };
  },
});

export const musicTools = [
  searchArtistsSpotify, searchArtistDeezer,
  artistAlbumsSpotify, artistAlbumsDeezer,
  albumTracksSpotify, albumDeezer,
  getTrackSpotify, billboardHot100,
  createPlaylistSpotify, addItemsToPlaylistSpotify, getPlaylistSpotify,
];
