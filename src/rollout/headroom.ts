/**
 * Byte buffers with free room in front of them, for request bodies: a transport can write the
 * request's head into that room and send head and body as one buffer without copying the body
 * (`claimHeadroom`). Bodies are carved from shared slabs, as Node's own pool does for small
 * buffers, rather than each getting a fresh allocation: a chat request body (KBs, up to MBs with
 * long tool results) would otherwise be allocated, copied next to its head into a second buffer,
 * and both collected.
 */

/** Bytes kept free before each body: a request head to a model server is a few hundred. */
export const HEADROOM = 1024;
const SLAB = 256 * 1024;
/** Larger bodies get a buffer of their own (a slab stays alive while any body carved from it is). */
const MAX_CARVED = SLAB / 8;

/** The slab bodies are carved from now (made on the first body). */
let slab: Buffer | null = null;
let used = 0;

/** Each body made here -> the buffer it was carved from and where its room starts; claimed at most once. */
const rooms = new WeakMap<Uint8Array, { readonly buffer: Buffer; readonly start: number }>();

/** A buffer of `length` bytes (contents unset) with `HEADROOM` free bytes before it. */
export function bodyWithHeadroom(length: number): Buffer {
  const need = HEADROOM + length;
  let buffer: Buffer;
  let start: number;
  if (need > MAX_CARVED) {
    buffer = Buffer.allocUnsafeSlow(need);
    start = 0;
  } else {
    if (slab === null || used + need > SLAB) {
      slab = Buffer.allocUnsafeSlow(SLAB);
      used = 0;
    }
    buffer = slab;
    start = used;
    // the next body starts 8-byte aligned
    used = (used + need + 7) & ~7;
  }
  const body = buffer.subarray(start + HEADROOM, start + need);
  rooms.set(body, { buffer, start });
  return body;
}

/**
 * `head` (latin1, one byte per character) written into the room in front of `body`, and the view
 * of head and body together; null when `body` has no room (or it was claimed already: a body sent
 * twice is copied the second time, so bytes still queued for an earlier send are never touched) or
 * the head does not fit.
 */
export function claimHeadroom(body: Uint8Array, head: string): Buffer | null {
  const room = rooms.get(body);
  if (room === undefined || head.length > HEADROOM) return null;
  rooms.delete(body);
  const at = room.start + HEADROOM - head.length;
  room.buffer.write(head, at, 'latin1');
  return room.buffer.subarray(at, room.start + HEADROOM + body.byteLength);
}
