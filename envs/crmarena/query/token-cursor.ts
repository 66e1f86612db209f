import type { Token } from './lexer.js';
import { MAX_NESTING_DEPTH } from './limits.js';
import { QueryError, type QueryErrorCode } from './query-error.js';

/** Walks a token list for the recursive-descent parsers; every error it raises names a token and its position. */
export class TokenCursor {
  #index = 0;
  #depth = 0;

  constructor(
    private readonly tokens: readonly Token[],
    readonly code: QueryErrorCode,
  ) {}

  peek(ahead = 0): Token {
    const last = this.tokens.length - 1;
    return this.tokens[Math.min(this.#index + ahead, last)] as Token;
  }

  next(): Token {
    const current = this.peek();
    if (current.kind !== 'end') this.#index++;
    return current;
  }

  atKeyword(keyword: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'ident' && t.value === keyword;
  }

  atPunct(punct: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'punct' && t.value === punct;
  }

  acceptKeyword(keyword: string): Token | null {
    return this.atKeyword(keyword) ? this.next() : null;
  }

  acceptPunct(punct: string): Token | null {
    return this.atPunct(punct) ? this.next() : null;
  }

  expectKeyword(keyword: string): Token {
    return this.acceptKeyword(keyword) ?? this.unexpected(keyword);
  }

  expectPunct(punct: string): Token {
    return this.acceptPunct(punct) ?? this.unexpected(`'${punct}'`);
  }

  expectIdent(what: string): Token {
    const t = this.peek();
    return t.kind === 'ident' ? this.next() : this.unexpected(what);
  }

  /** Non-negative integer, as LIMIT and OFFSET take. */
  expectCount(clause: string): number {
    const t = this.peek();
    if (t.kind !== 'number' || !Number.isSafeInteger(t.number)) return this.unexpected(`a whole number after ${clause}`);
    this.next();
    return t.number;
  }

  fail(detail: string, at: Token | number, hint: string | null = null): never {
    throw new QueryError(this.code, detail, typeof at === 'number' ? at : at.pos, hint);
  }

  unexpected(expected: string, hint: string | null = null): never {
    const t = this.peek();
    if (t.kind === 'end') this.fail(`unexpected end of query; expected ${expected}`, t, hint);
    this.fail(`unexpected token '${t.text}'; expected ${expected}`, t, hint);
  }

  /** Runs `parse` one nesting level deeper, refusing input nested beyond the cap. */
  nested<T>(at: Token, parse: () => T): T {
    if (++this.#depth > MAX_NESTING_DEPTH) this.fail(`nesting is deeper than ${MAX_NESTING_DEPTH} levels`, at);
    try {
      return parse();
    } finally {
      this.#depth--;
    }
  }
}
