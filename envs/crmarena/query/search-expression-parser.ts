import type { SearchExpr } from './ast.js';
import { MAX_NESTING_DEPTH } from './limits.js';
import { QueryError } from './query-error.js';
import { isSearchWordChar } from './search-text.js';

interface TermToken {
  readonly kind: 'word' | 'phrase' | 'open' | 'close' | 'end';
  /** Unescaped '*' stays '*'; escaped reserved characters become separators. */
  readonly text: string;
  readonly pos: number;
  /** AND / OR / NOT written bare (not quoted, not escaped). */
  readonly operator: 'AND' | 'OR' | 'NOT' | null;
}

const fail = (detail: string, pos: number): never => {
  throw new QueryError('MALFORMED_SEARCH', detail, pos);
};

/**
 * Reads the text of FIND {...}: words and "quoted phrases", a trailing * for prefix search,
 * AND / OR / NOT (case-insensitive) and parentheses; words side by side are ANDed. `base` is the
 * offset of the text in the whole query, for error positions.
 */
export function parseSearchExpression(text: string, base: number): SearchExpr {
  const tokens = tokenizeSearch(text, base);
  let index = 0;
  let depth = 0;
  const peek = () => tokens[index] as TermToken;

  const parseOr = (): SearchExpr => {
    const items = [parseAnd()];
    while (peek().operator === 'OR') {
      index++;
      items.push(parseAnd());
    }
    return items.length === 1 ? (items[0] as SearchExpr) : { kind: 'or', items };
  };
  const parseAnd = (): SearchExpr => {
    const items = [parseUnary()];
    for (;;) {
      const t = peek();
      if (t.operator === 'AND') {
        index++;
      } else if (t.kind === 'end' || t.kind === 'close' || t.operator === 'OR') {
        break;
      }
      items.push(parseUnary());
    }
    return items.length === 1 ? (items[0] as SearchExpr) : { kind: 'and', items };
  };
  const deeper = <T>(pos: number, parse: () => T): T => {
    if (++depth > MAX_NESTING_DEPTH) fail(`search expression is nested deeper than ${MAX_NESTING_DEPTH} levels`, pos);
    const result = parse();
    depth--;
    return result;
  };
  const parseUnary = (): SearchExpr => {
    const t = peek();
    if (t.operator === 'NOT') {
      index++;
      return deeper(t.pos, () => ({ kind: 'not', item: parseUnary() }));
    }
    if (t.kind === 'open') {
      index++;
      const inner = deeper(t.pos, parseOr);
      if (peek().kind !== 'close') fail("expected ')' in the search expression", peek().pos);
      index++;
      return inner;
    }
    if (t.kind === 'word' || t.kind === 'phrase') {
      index++;
      return searchTerm(t);
    }
    if (t.kind === 'end') return fail(text.trim() === '' ? 'the search term is empty' : 'the search expression ends too early', t.pos);
    if (t.kind === 'close') return fail("unexpected ')' in the search expression", t.pos);
    return fail(`unexpected '${t.text}' in the search expression; expected a word`, t.pos);
  };

  const expr = parseOr();
  if (peek().kind !== 'end') fail(`unexpected '${peek().text}' in the search expression`, peek().pos);
  if (searchedLength(expr) < 2) fail('the search term must have at least two letters or digits', base);
  return expr;
}

function searchedLength(expr: SearchExpr): number {
  switch (expr.kind) {
    case 'term':
      return expr.words.reduce((sum, w) => sum + w.length, 0);
    case 'not':
      return searchedLength(expr.item);
    default:
      return expr.items.reduce((sum, item) => sum + searchedLength(item), 0);
  }
}

function searchTerm(t: TermToken): SearchExpr {
  const lower = t.text.toLowerCase();
  const words: string[] = [];
  let prefix = false;
  let wordStart = -1;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : -1;
    const inWord = c >= 0 && isSearchWordChar(c);
    if (inWord) {
      if (prefix) fail("the wildcard '*' is only supported at the end of a search term", t.pos);
      if (wordStart < 0) wordStart = i;
      continue;
    }
    if (wordStart >= 0) {
      words.push(lower.slice(wordStart, i));
      wordStart = -1;
      if (c === 42) {
        prefix = true;
        continue;
      }
    } else if (c === 42) {
      fail("the wildcard '*' must follow at least one letter or digit", t.pos);
    }
    if (prefix && c >= 0) fail("the wildcard '*' is only supported at the end of a search term", t.pos);
  }
  if (words.length === 0) fail(`search term '${t.text}' has no letters or digits`, t.pos);
  if (prefix && (words[words.length - 1] as string).length < 2) fail('a wildcard search needs at least two letters or digits before the *', t.pos);
  return { kind: 'term', words, prefix };
}

function tokenizeSearch(text: string, base: number): TermToken[] {
  const tokens: TermToken[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const ch = text[i] as string;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (ch === '(' || ch === ')') {
      tokens.push({ kind: ch === '(' ? 'open' : 'close', text: ch, pos: base + start, operator: null });
      i++;
      continue;
    }
    const quoted = ch === '"';
    if (quoted) i++;
    let word = '';
    let escaped = false;
    let closed = !quoted;
    while (i < n) {
      const c = text[i] as string;
      if (c === '\\') {
        const next = text.charCodeAt(i + 1);
        word += next >= 0 && isSearchWordChar(next) ? text[i + 1] : ' ';
        escaped = true;
        i += 2;
        continue;
      }
      if (quoted && c === '"') {
        closed = true;
        i++;
        break;
      }
      if (!quoted && (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '(' || c === ')' || c === '"')) break;
      if (c === '?') fail("the wildcard '?' is not supported (use * at the end of a word)", base + i);
      word += c;
      i++;
    }
    if (!closed) fail('quoted phrase is never closed (missing ")', base + start);
    const upper = word.toUpperCase();
    const operator = !quoted && !escaped && (upper === 'AND' || upper === 'OR' || upper === 'NOT') ? upper : null;
    tokens.push({ kind: quoted ? 'phrase' : 'word', text: word, pos: base + start, operator });
  }
  tokens.push({ kind: 'end', text: '', pos: base + n, operator: null });
  return tokens;
}
