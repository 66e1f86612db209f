/**
 * What the load generator checks in a step reply (`info.step`, `info.answer.correct`, `terminated`,
 * `truncated`), read straight from the reply's bytes: the reply's structure is walked (every
 * string, object and array delimited, every value of the checked fields read) but no value the
 * check does not need is built. A reply that is not one JSON object of the expected shape gives
 * undefined, and the caller falls back to JSON.parse (so a malformed reply is reported as before).
 * Not a validator: the escapes inside skipped strings are not checked (the server's JSON.stringify
 * writes them).
 */
export interface StepFields {
  readonly step: number | undefined;
  readonly correct: boolean | undefined;
  readonly terminated: boolean;
  readonly truncated: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;

const SCALAR = /^(?:true|false|null|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)$/;

class Malformed extends Error {}
const malformed = new Malformed();

function skipSpace(buf: Buffer, at: number, end: number): number {
  while (at < end) {
    const c = buf[at]!;
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return at;
    at++;
  }
  return at;
}

/** The index after the string starting (with its quote) at `at`. */
function skipString(buf: Buffer, at: number, end: number): number {
  let from = at + 1;
  for (;;) {
    const quote = buf.indexOf(QUOTE, from);
    if (quote < 0 || quote >= end) throw malformed;
    let slashes = 0;
    while (buf[quote - 1 - slashes] === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/** The index after the value starting at `at` (strings, objects and arrays delimited; scalars up to their end). */
function skipValue(buf: Buffer, at: number, end: number): number {
  const c = buf[at];
  if (c === QUOTE) return skipString(buf, at, end);
  if (c !== OPEN_BRACE && c !== OPEN_BRACKET) {
    let i = at;
    while (i < end) {
      const d = buf[i]!;
      if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) break;
      i++;
    }
    if (!SCALAR.test(buf.toString('latin1', at, i))) throw malformed;
    return i;
  }
  let depth = 0;
  let i = at;
  while (i < end) {
    const d = buf[i]!;
    if (d === QUOTE) {
      i = skipString(buf, i, end);
      continue;
    }
    if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
    else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  throw malformed;
}

/** Calls `onMember(key start, key end, value start)` for each member of the object at `at`, which returns the value's end; returns the object's end. */
function members(buf: Buffer, at: number, end: number, onMember: (keyStart: number, keyEnd: number, valueStart: number) => number): number {
  if (buf[at] !== OPEN_BRACE) throw malformed;
  let i = skipSpace(buf, at + 1, end);
  if (buf[i] === CLOSE_BRACE) return i + 1;
  for (;;) {
    if (buf[i] !== QUOTE) throw malformed;
    const keyEnd = skipString(buf, i, end);
    const colon = skipSpace(buf, keyEnd, end);
    if (buf[colon] !== COLON) throw malformed;
    const valueStart = skipSpace(buf, colon + 1, end);
    i = skipSpace(buf, onMember(i + 1, keyEnd - 1, valueStart), end);
    if (buf[i] === COMMA) {
      i = skipSpace(buf, i + 1, end);
      continue;
    }
    if (buf[i] === CLOSE_BRACE) return i + 1;
    throw malformed;
  }
}

function isKey(buf: Buffer, start: number, stop: number, key: string): boolean {
  if (stop - start !== key.length) return false;
  for (let i = 0; i < key.length; i++) if (buf[start + i] !== key.charCodeAt(i)) return false;
  return true;
}

function literal(buf: Buffer, at: number, end: number): { value: boolean | undefined; end: number } {
  const stop = skipValue(buf, at, end);
  return { value: isKey(buf, at, stop, 'true') ? true : isKey(buf, at, stop, 'false') ? false : undefined, end: stop };
}

/** The checked fields of the step reply in `buf[start, end)`, or undefined if it is not a reply of that shape. */
export function readStepFields(buf: Buffer, start = 0, end = buf.length): StepFields | undefined {
  let step: number | undefined;
  let correct: boolean | undefined;
  let terminated: boolean | undefined;
  let truncated: boolean | undefined;
  try {
    const at = skipSpace(buf, start, end);
    const stop = members(buf, at, end, (k, kEnd, v) => {
      if (isKey(buf, k, kEnd, 'info')) {
        return members(buf, v, end, (ik, ikEnd, iv) => {
          if (isKey(buf, ik, ikEnd, 'step')) {
            const after = skipValue(buf, iv, end);
            const text = buf.toString('latin1', iv, after);
            step = /^(0|[1-9][0-9]{0,14})$/.test(text) ? Number(text) : undefined;
            return after;
          }
          if (isKey(buf, ik, ikEnd, 'answer') && buf[iv] === OPEN_BRACE) {
            return members(buf, iv, end, (ak, akEnd, av) => {
              if (!isKey(buf, ak, akEnd, 'correct')) return skipValue(buf, av, end);
              const read = literal(buf, av, end);
              correct = read.value;
              return read.end;
            });
          }
          return skipValue(buf, iv, end);
        });
      }
      if (isKey(buf, k, kEnd, 'terminated') || isKey(buf, k, kEnd, 'truncated')) {
        const read = literal(buf, v, end);
        if (isKey(buf, k, kEnd, 'terminated')) terminated = read.value;
        else truncated = read.value;
        return read.end;
      }
      return skipValue(buf, v, end);
    });
    if (skipSpace(buf, stop, end) !== end || terminated === undefined || truncated === undefined) return undefined;
  } catch (error) {
    if (error === malformed) return undefined;
    throw error;
  }
  return { step, correct, terminated, truncated };
}
