/**
 * Translates a small SQL subset to a MongoDB shell query:
 * `SELECT <*|col, ...> FROM <table> [WHERE <col> <op> <value> [AND ...]] [ORDER BY <col> [ASC|DESC]] [LIMIT <n>]`.
 * Values are numbers or single-quoted strings; operators =, !=, <>, >, >=, <, <=.
 * Returns an error message instead of throwing on anything else.
 */
const TOKEN = /\s*(?:(\d+(?:\.\d+)?)|'((?:[^']|'')*)'|(<=|>=|<>|!=|=|<|>|,|\*)|([A-Za-z_][A-Za-z0-9_]*))/y;

/** One whitespace character (no flags: `test` keeps no state). */
const SPACE = /\s/;

type Token = { kind: 'number'; value: number } | { kind: 'string'; value: string } | { kind: 'symbol'; value: string } | { kind: 'word'; value: string };

function tokenize(sql: string): Token[] | string {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  const text = sql.trim().replace(/;\s*$/, '');
  while (at < text.length) {
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text);
    if (!m) return `cannot read the SQL near ${JSON.stringify(text.slice(at, at + 12))}`;
    if (m[1] !== undefined) tokens.push({ kind: 'number', value: Number(m[1]) });
    else if (m[2] !== undefined) tokens.push({ kind: 'string', value: m[2].replace(/''/g, "'") });
    else if (m[3] !== undefined) tokens.push({ kind: 'symbol', value: m[3] });
    else tokens.push({ kind: 'word', value: m[4]! });
    at = TOKEN.lastIndex;
    while (at < text.length && SPACE.test(text[at]!)) at++;
  }
  return tokens;
}

/** A position in the token list and the look-aheads of the grammar (methods, not closures made per call). */
class Cursor {
  i = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  peekWord(w: string): boolean {
    const t = this.tokens[this.i];
    return t?.kind === 'word' && t.value.toUpperCase() === w;
  }

  expectWord(w: string): string | null {
    if (!this.peekWord(w)) return `expected ${w}`;
    this.i++;
    return null;
  }

  ident(): string | null {
    const t = this.tokens[this.i];
    if (t?.kind !== 'word') return null;
    this.i++;
    return t.value;
  }
}

const MONGO_OP: Readonly<Record<string, string>> = { '!=': '$ne', '<>': '$ne', '>': '$gt', '>=': '$gte', '<': '$lt', '<=': '$lte' };

export function sqlToMongo(sql: string): { query: string } | { error: string } {
  const tokens = tokenize(sql);
  if (typeof tokens === 'string') return { error: tokens };
  const cursor = new Cursor(tokens);
  let problem = cursor.expectWord('SELECT');
  if (problem) return { error: problem };
  const columns: string[] = [];
  if (tokens[cursor.i]?.kind === 'symbol' && tokens[cursor.i]!.value === '*') cursor.i++;
  else {
    for (;;) {
      const c = cursor.ident();
      if (c === null) return { error: 'expected a column name or * after SELECT' };
      columns.push(c);
      if (tokens[cursor.i]?.kind === 'symbol' && tokens[cursor.i]!.value === ',') cursor.i++;
      else break;
    }
  }
  problem = cursor.expectWord('FROM');
  if (problem) return { error: problem };
  const table = cursor.ident();
  if (table === null) return { error: 'expected a table name after FROM' };
  const filter = new Map<string, unknown>();
  if (cursor.peekWord('WHERE')) {
    cursor.i++;
    for (;;) {
      const column = cursor.ident();
      const op = tokens[cursor.i];
      const value = tokens[cursor.i + 1];
      if (column === null || op?.kind !== 'symbol' || value === undefined || (value.kind !== 'number' && value.kind !== 'string')) return { error: 'expected <column> <operator> <value> in WHERE' };
      cursor.i += 2;
      if (op.value === '=') {
        const prev = filter.get(column);
        filter.set(column, prev !== undefined && typeof prev === 'object' ? { ...(prev as object), $eq: value.value } : value.value);
      } else {
        const mongo = MONGO_OP[op.value];
        if (!mongo) return { error: `unsupported operator ${op.value}` };
        const prev = filter.get(column);
        const base = prev === undefined ? {} : typeof prev === 'object' ? prev : { $eq: prev };
        filter.set(column, { ...(base as object), [mongo]: value.value });
      }
      if (cursor.peekWord('AND')) cursor.i++;
      else break;
    }
  }
  let sort = '';
  if (cursor.peekWord('ORDER')) {
    cursor.i++;
    problem = cursor.expectWord('BY');
    if (problem) return { error: problem };
    const column = cursor.ident();
    if (column === null) return { error: 'expected a column after ORDER BY' };
    let direction = 1;
    if (cursor.peekWord('DESC')) (direction = -1), cursor.i++;
    else if (cursor.peekWord('ASC')) cursor.i++;
    sort = `.sort(${JSON.stringify({ [column]: direction })})`;
  }
  let limit = '';
  if (cursor.peekWord('LIMIT')) {
    cursor.i++;
    const n = tokens[cursor.i];
    if (n?.kind !== 'number' || !Number.isInteger(n.value)) return { error: 'expected a whole number after LIMIT' };
    cursor.i++;
    limit = `.limit(${n.value})`;
  }
  if (cursor.i < tokens.length) return { error: `unexpected ${JSON.stringify(String(tokens[cursor.i]!.value))} (only SELECT ... FROM ... WHERE ... AND ... ORDER BY ... LIMIT is supported)` };
  const projection = columns.length > 0 ? `, ${JSON.stringify(Object.fromEntries(columns.map((c) => [c, 1])))}` : '';
  return { query: `db.${table}.find(${JSON.stringify(Object.fromEntries(filter))}${projection})${sort}${limit}` };
}
