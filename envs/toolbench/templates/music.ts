import { z } from 'zod';
import { ref } from '../../../src/index.js';
import { roundTo } from '../money.js';
import {
  addItemsToPlaylistSpotify, albumTracksSpotify, artistAlbumsSpotify, billboardHot100, createPlaylistSpotify, getPlaylistSpotify, getTrackSpotify, searchArtistsSpotify,
  type AlbumTracksOutput, type ArtistAlbumsOutput, type Hot100Output, type SearchArtistsOutput,
} from '../tools/music.js';
import { output, toolbenchTemplate, uniqueMax, type Outputs, type SampleScope } from './define.js';
import { FirstIndex } from '../world/first-index.js';

const albumByTitle = new FirstIndex((a: { readonly title: string }) => a.title);

type Search = z.infer<typeof SearchArtistsOutput>;
type Albums = z.infer<typeof ArtistAlbumsOutput>;
type Tracks = z.infer<typeof AlbumTracksOutput>;

const domain = 'Music' as const;

export const artistName = {
  schema: z.string().min(1),
  description: 'the name of an artist',
  sample: ({ world, rng }: SampleScope) => rng.pick(world.music.artists).name,
};

export const foundArtist = (outputs: Outputs, name: unknown): boolean => output<Search>(outputs, 'search').artists.items[0]?.name === name;
export const studioAlbums = (outputs: Outputs) => output<Albums>(outputs, 'albums').items.filter((a) => a.album_type === 'album');
export const latestAlbum = (outputs: Outputs) => uniqueMax(studioAlbums(outputs), (a) => Date.parse(a.release_date));

export const musicAlbumCount = toolbenchTemplate({
  id: 'music.album_count',
  domain,
  split: 'train',
  text: 'How many studio albums (not counting singles) has {artist} released?',
  paraphrases: ["Count {artist}'s studio albums for me; leave out singles."],
  placeholders: { artist: artistName },
  path: [
    { name: 'search', tool: searchArtistsSpotify.name, args: { q: ref.placeholder('artist') } },
    { name: 'albums', tool: artistAlbumsSpotify.name, args: { id: ref.output('search', 'artists.items.0.id') } },
  ],
  answer: ({ outputs }) => studioAlbums(outputs).length,
  compare: { kind: 'number', tolerance: 0 },
  accept: ({ outputs, values }) => foundArtist(outputs, values['artist']) || 'the artist is not the first hit',
});

export const musicLongestTrackLatestAlbum = toolbenchTemplate({
  id: 'music.longest_track_latest_album',
  domain,
  split: 'train',
  text: "What is the longest track on {artist}'s most recent studio album?",
  paraphrases: ["On the newest studio album by {artist}, which song runs the longest?"],
  placeholders: { artist: artistName },
  path: [
    { name: 'search', tool: searchArtistsSpotify.name, args: { q: ref.placeholder('artist') } },
    { name: 'albums', tool: artistAlbumsSpotify.name, args: { id: ref.output('search', 'artists.items.0.id') } },
    { name: 'tracks', tool: albumTracksSpotify.name, args: { id: ref.compute(({ outputs }) => latestAlbum(outputs)?.id ?? '', ['albums']) } },
  ],
  answer: ({ outputs }) => uniqueMax(output<Tracks>(outputs, 'tracks').items, (t) => t.duration_ms)?.name ?? null,
  compare: { kind: 'normalized' },
  accept: ({ outputs, values }) => {
    if (!foundArtist(outputs, values['artist'])) return 'the artist is not the first hit';
    return uniqueMax(output<Tracks>(outputs, 'tracks').items, (t) => t.duration_ms) !== null || 'two tracks share the longest duration';
  },
  offer: { extra: [getTrackSpotify.name] },
});

const albumOf = (outputs: Outputs, title: unknown) => output<Albums>(outputs, 'albums').items.find((a) => a.name === title);
const playlistMinutes = (outputs: Outputs): number => roundTo(output<Tracks>(outputs, 'tracks').items.reduce((s, t) => s + t.duration_ms, 0) / 60_000, 1);

export const musicPlaylistFromAlbum = toolbenchTemplate({
  id: 'music.playlist_from_album',
  writes: ['playlists'],
  domain,
  split: 'train',
  text: 'Make me a playlist called "{playlist}" with every track from {artist}\'s album "{album}", then tell me how long the playlist is in minutes (one decimal).',
  paraphrases: ['Create the playlist "{playlist}", fill it with all songs of the album "{album}" by {artist}, and report its total length in minutes, to one decimal.'],
  placeholders: {
    artist: artistName,
    album: {
      schema: z.string().min(1),
      description: 'the title of a studio album by that artist',
      sample: ({ world, rng, values }: SampleScope) => {
        const artist = world.music.artists.find((a) => a.name === values['artist']);
        const albums = (artist ? (world.music.albumsByArtist.get(artist.id) ?? []) : []).filter((a) => a.album_type === 'album');
        return albums.length > 0 ? rng.pick(albums).title : 'Untitled';
      },
    },
    playlist: {
      schema: z.string().min(1),
      description: 'a name for the new playlist',
      sample: ({ rng }: SampleScope) => `${rng.pick(['Road Trip', 'Focus', 'Sunday', 'Workout', 'Late Night', 'Rainy Day', 'Kitchen'])} ${rng.pick(['Mix', 'Tunes', 'Session', 'Favorites', 'Rotation'])}`,
    },
  },
  path: [
    { name: 'search', tool: searchArtistsSpotify.name, args: { q: ref.placeholder('artist') } },
    { name: 'albums', tool: artistAlbumsSpotify.name, args: { id: ref.output('search', 'artists.items.0.id') } },
    { name: 'tracks', tool: albumTracksSpotify.name, args: { id: ref.compute(({ outputs, values }) => albumOf(outputs, values['album'])?.id ?? '', ['albums']) } },
    { name: 'create', tool: createPlaylistSpotify.name, args: { name: ref.placeholder('playlist') } },
    {
      name: 'fill',
      tool: addItemsToPlaylistSpotify.name,
      args: { playlist_id: ref.output('create', 'id'), track_ids: ref.compute(({ outputs }) => output<Tracks>(outputs, 'tracks').items.map((t) => t.id), ['tracks']) },
    },
  ],
  answer: ({ outputs }) => playlistMinutes(outputs),
  compare: { kind: 'number', tolerance: 0.1 },
  accept: ({ outputs, values }) => (foundArtist(outputs, values['artist']) && albumOf(outputs, values['album']) !== undefined) || 'the artist has no such studio album',
  checkState: ({ state, world, values }) => {
    const album = albumByTitle.find(world.music.albums, values['album']);
    const named = state.playlists.filter((p) => p.name === values['playlist']);
    if (!album) return 'the album is gone';
    if (state.playlists.length !== named.length) return `expected only the playlist ${String(values['playlist'])}, found ${state.playlists.length} playlists`;
    if (named.length !== 1) return `expected one playlist named ${String(values['playlist'])}, found ${named.length}`;
    const got = [...named[0]!.track_ids].sort().join(',');
    return got === [...album.track_ids].sort().join(',') ? null : 'the playlist should hold exactly the album\'s tracks';
  },
  offer: { extra: [getPlaylistSpotify.name] },
});

export const musicChartPosition = toolbenchTemplate({
  id: 'music.chart_position',
  domain,
  split: 'unseen-instruction',
  text: 'Which song was number {rank} on the Billboard Hot 100 for the week of {date}, and who performed it?',
  paraphrases: ['Tell me the title and artist of the Hot 100 number {rank} in the chart week of {date}.'],
  placeholders: {
    date: { schema: z.iso.date(), description: 'a day of a chart week', sample: ({ world, rng }: SampleScope) => rng.pick(world.music.charts).date },
    rank: { schema: z.number().int().min(1).max(100), description: 'a chart position', sample: ({ rng }: SampleScope) => rng.int(1, 40) },
  },
  path: [
    {
      name: 'chart',
      tool: billboardHot100.name,
      args: {
        date: ref.placeholder('date'),
        range: ref.compute(({ values }) => {
          const low = Math.floor(((values['rank'] as number) - 1) / 10) * 10 + 1;
          return `${low}-${low + 9}`;
        }),
      },
    },
  ],
  answer: ({ outputs, values }) => {
    const entry = output<z.infer<typeof Hot100Output>>(outputs, 'chart').chart.entries.find((e) => e.rank === values['rank']);
    return entry ? [entry.title, entry.artist] : null;
  },
  compare: { kind: 'contains-all' },
  rivals: ({ world, outputs }) => {
    const date = output<z.infer<typeof Hot100Output>>(outputs, 'chart').chart.date;
    const chart = world.music.charts.find((c) => c.date === date);
    return (chart?.entries ?? []).flatMap((e) => {
      const track = world.music.trackById.get(e.track_id);
      const artist = track ? world.music.artistById.get(track.artist_id) : undefined;
      return [track?.title ?? '', artist?.name ?? ''];
    });
  },
});

export const musicTemplates = [musicAlbumCount, musicLongestTrackLatestAlbum, musicPlaylistFromAlbum, musicChartPosition];
