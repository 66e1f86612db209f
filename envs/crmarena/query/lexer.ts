import { parseIsoMs } from './iso-dates.js';
import { QueryError, type QueryErrorCode } from './query-error.js';

export type TokenKind = 'ident' | 'number' | 'string' | 'date' | 'datetime' | 'braced' | 'punct' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** 0-based offset of the first character. */
  readonly pos: number;
  /** The source text of the token. */
  readonly text: string;
  /** Upper-cased text for identifiers; the operator for punctuation; decoded contents for strings and braces. */
  readonly value: string;
  /** Numbers: the value; dates and datetimes: epoch milliseconds. */
  readonly number: number;
  /** Strings: offsets in `value` of '%' and '_' that were escaped, so LIKE reads them literally. */
  readonly literalWildcards: readonly number[];
}

const PUNCTUATION_2 = new Set(['!=', '<>', '<=', '>=']);
const PUNCTUATION_1 = new Set(['(', ')', ',', '.', '*', '=', '<', '>', ':', ';', '+', '-', '[', ']', '/', '|', '&', '?', '!', '@', '#', '$', '^', '~', '`']);
const NO_WILDCARDS: readonly number[] = [];

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || isDigit(c) || c === 95;
}
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0xa0;
}

function token(kind: TokenKind, pos: number, text: string, value: string, number = 0, literalWildcards = NO_WILDCARDS): Token {
  return { kind, pos, text, value, number, literalWildcards };
}

/**
 * Splits SOQL/SOSL text into tokens in one left-to-right pass (every character is looked at a
 * bounded number of times). `{...}` is one token: the raw SOSL search expression.
 */
export function tokenize(source: string, code: QueryErrorCode): Token[] {
  const tokens: Token[] = [];
  const n = source.length;
  let i = 0;
  while (i < n) {
    const c = source.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    if (isIdentStart(c)) {
      while (i < n && isIdentPart(source.charCodeAt(i))) i++;
      const text = source.slice(start, i);
      tokens.push(token('ident', start, text, text.toUpperCase()));
      continue;
    }
    if (isDigit(c)) {
      const dated = readDateLike(source, start, code);
      if (dated !== null) {
        tokens.push(dated);
        i = start + dated.text.length;
        continue;
      }
      while (i < n && isDigit(source.charCodeAt(i))) i++;
      if (i + 1 < n && source.charCodeAt(i) === 46 && isDigit(source.charCodeAt(i + 1))) {
        i++;
        while (i < n && isDigit(source.charCodeAt(i))) i++;
      }
      const text = source.slice(start, i);
      tokens.push(token('number', start, text, text, Number(text)));
      continue;
    }
    if (c === 39) {
      const literal = readString(source, start, code);
      tokens.push(literal);
      i = start + literal.text.length;
      continue;
    }
    if (c === 34) {
      throw new QueryError(code, 'unexpected character \'"\'', start, "Text values go in single quotes: 'like this'");
    }
    if (c === 123) {
      const braced = readBraced(source, start, code);
      tokens.push(braced);
      i = start + braced.text.length;
      continue;
    }
    const two = source.slice(i, i + 2);
    if (PUNCTUATION_2.has(two)) {
      tokens.push(token('punct', start, two, two));
      i += 2;
      continue;
    }
    const one = source[i] as string;
    if (PUNCTUATION_1.has(one)) {
      tokens.push(token('punct', start, one, one));
      i++;
      continue;
    }
    throw new QueryError(code, `unexpected character '${printable(source, i)}'`, start);
  }
  tokens.push(token('end', n, '', ''));
  return tokens;
}

function printable(source: string, at: number): string {
  const cp = source.codePointAt(at) ?? 0;
  return cp < 32 || cp === 127 ? `\\u${cp.toString(16).padStart(4, '0')}` : String.fromCodePoint(cp);
}

/** YYYY-MM-DD, optionally followed by THH:MM:SS[.fff](Z|+HH:MM|+HHMM). Null when the digits are a plain number. */
/** Whether `count` digits stand at `start + from` (helpers at module level: under tsx a named closure per call costs a defineProperty). */
function digitsAt(source: string, start: number, from: number, count: number): boolean {
  for (let k = start + from; k < start + from + count; k++) if (!isDigit(source.charCodeAt(k))) return false;
  return true;
}

function readDateLike(source: string, start: number, code: QueryErrorCode): Token | null {
  if (!(digitsAt(source, start, 0, 4) && source.charCodeAt(start + 4) === 45 && digitsAt(source, start, 5, 2) && source.charCodeAt(start + 7) === 45 && digitsAt(source, start, 8, 2))) return null;
  let end = start + 10;
  let kind: TokenKind = 'date';
  if ((source.charCodeAt(start + 10) === 84 || source.charCodeAt(start + 10) === 116) && digitsAt(source, start, 11, 2) && source.charCodeAt(start + 13) === 58 && digitsAt(source, start, 14, 2) && source.charCodeAt(start + 16) === 58 && digitsAt(source, start, 17, 2)) {
    kind = 'datetime';
    end = start + 19;
    if (source.charCodeAt(end) === 46) {
      let k = end + 1;
      while (isDigit(source.charCodeAt(k))) k++;
      if (k === end + 1) throw new QueryError(code, 'a datetime literal has a fraction point without digits', start);
      end = k;
    }
    const zone = source.charCodeAt(end);
    if (zone === 90 || zone === 122) {
      end += 1;
    } else if (zone === 43 || zone === 45) {
      const rel = end - start + 1;
      if (digitsAt(source, start, rel, 2) && source.charCodeAt(start + rel + 2) === 58 && digitsAt(source, start, rel + 3, 2)) end += 6;
      else if (digitsAt(source, start, rel, 4)) end += 5;
      else throw new QueryError(code, `datetime literal '${source.slice(start, end)}' has a malformed time zone offset`, start);
    } else {
      throw new QueryError(code, `datetime literal '${source.slice(start, end)}' has no time zone`, start, `Write it as ${source.slice(start, end)}Z for UTC`);
    }
  }
  const text = source.slice(start, end);
  const ms = parseIsoMs(text);
  if (ms === null) throw new QueryError(code, `'${text}' is not a valid ${kind}`, start);
  return token(kind, start, text, text, ms);
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n', N: '\n', r: '\r', R: '\r', t: '\t', T: '\t', b: '\b', B: '\b', f: '\f', F: '\f',
  '"': '"', "'": "'", '\\': '\\',
};

function readString(source: string, start: number, code: QueryErrorCode): Token {
  const n = source.length;
  let value = '';
  let wildcards: number[] | null = null;
  let i = start + 1;
  let chunkStart = i;
  while (i < n) {
    const c = source.charCodeAt(i);
    if (c === 39) {
      value += source.slice(chunkStart, i);
      return token('string', start, source.slice(start, i + 1), value, 0, wildcards ?? NO_WILDCARDS);
    }
    if (c !== 92) {
      i++;
      continue;
    }
    value += source.slice(chunkStart, i);
    const escaped = source[i + 1];
    if (escaped === undefined) break;
    const simple = SIMPLE_ESCAPES[escaped];
    if (simple !== undefined) {
      value += simple;
      i += 2;
    } else if (escaped === '%' || escaped === '_') {
      (wildcards ??= []).push(value.length);
      value += escaped;
      i += 2;
    } else if ((escaped === 'u' || escaped === 'U') && /^[0-9a-fA-F]{4}$/.test(source.slice(i + 2, i + 6))) {
      value += String.fromCharCode(parseInt(source.slice(i + 2, i + 6), 16));
      i += 6;
    } else {
      throw new QueryError(code, `invalid escape sequence '\\${printable(source, i + 1)}' in a string literal`, i);
    }
    chunkStart = i;
  }
  throw new QueryError(code, 'string literal is never closed (missing \')', start);
}

function readBraced(source: string, start: number, code: QueryErrorCode): Token {
  const n = source.length;
  let i = start + 1;
  while (i < n) {
    const c = source.charCodeAt(i);
    if (c === 92) {
      i += 2;
      continue;
    }
    if (c === 125) {
      return token('braced', start, source.slice(start, i + 1), source.slice(start + 1, i));
    }
    i++;
  }
  throw new QueryError(code, 'search expression is never closed (missing })', start);
}
