/**
 * Translates a small SQL subset to a MongoDB shell query:
 * `SELECT <*|col, ...> FROM <table> [WHERE <col> <op> <value> [AND ...]] [ORDER BY <col> [ASC|DESC]] [LIMIT <n>]`.
 * Values are numbers or single-quoted strings; operators =, !=, <>, >, >=, <, <=.
 * Returns an error message instead of throwing on anything else.
 */
const TOKEN = /\s*(?:(\d+(?:\.\d+)?)|'((?:[^']|'')*)'|(<=|>=|<>|!=|=|<|>|,|\*)|([A-Za-z_][A-Za-z0-9_]*))/y;

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
    while (at < text.length && /\s/.test(text[at]!)) at++;
  }
  return tokens;
}

const MONGO_OP: Readonly<Record<string, string>> = { '!=': '$ne', '<>': '$ne', '>': '$gt', '>=': '$gte', '<': '$lt', '<=': '$lte' };

export function sqlToMongo(sql: string): { query: string } | { error: string } {
  const tokens = tokenize(sql);
  if (typeof tokens === 'string') return { error: tokens };
  let i = 0;
  const peekWord = (w: string): boolean => tokens[i]?.kind === 'word' && (tokens[i]!.value as string).toUpperCase() === w;
  const expectWord = (w: string): string | null => (peekWord(w) ? (i++, null) : `expected ${w}`);
  const ident = (): string | null => {
    const t = tokens[i];
    if (t?.kind !== 'word') return null;
    i++;
    return t.value;
  };
  let problem = expectWord('SELECT');
  if (problem) return { error: problem };
  const columns: string[] = [];
  if (tokens[i]?.kind === 'symbol' && tokens[i]!.value === '*') i++;
  else {
    for (;;) {
      const c = ident();
      if (c === null) return { error: 'expected a column name or * after SELECT' };
      columns.push(c);
      if (tokens[i]?.kind === 'symbol' && tokens[i]!.value === ',') i++;
      else break;
    }
  }
  problem = expectWord('FROM');
  if (problem) return { error: problem };
  const table = ident();
  if (table === null) return { error: 'expected a table name after FROM' };
  const filter = new Map<string, unknown>();
  if (peekWord('WHERE')) {
    i++;
    for (;;) {
      const column = ident();
      const op = tokens[i];
      const value = tokens[i + 1];
      if (column === null || op?.kind !== 'symbol' || value === undefined || (value.kind !== 'number' && value.kind !== 'string')) return { error: 'expected <column> <operator> <value> in WHERE' };
      i += 2;
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
      if (peekWord('AND')) i++;
      else break;
    }
  }
  let sort = '';
  if (peekWord('ORDER')) {
    i++;
    problem = expectWord('BY');
    if (problem) return { error: problem };
    const column = ident();
    if (column === null) return { error: 'expected a column after ORDER BY' };
    let direction = 1;
    if (peekWord('DESC')) (direction = -1), i++;
    else if (peekWord('ASC')) i++;
    sort = `.sort(${JSON.stringify({ [column]: direction })})`;
  }
  let limit = '';
  if (peekWord('LIMIT')) {
    i++;
    const n = tokens[i];
    if (n?.kind !== 'number' || !Number.isInteger(n.value)) return { error: 'expected a whole number after LIMIT' };
    i++;
    limit = `.limit(${n.value})`;
  }
  if (i < tokens.length) return { error: `unexpected ${JSON.stringify(String(tokens[i]!.value))} (only SELECT ... FROM ... WHERE ... AND ... ORDER BY ... LIMIT is supported)` };
  const projection = columns.length > 0 ? `, ${JSON.stringify(Object.fromEntries(columns.map((c) => [c, 1])))}` : '';
  return { query: `db.${table}.find(${JSON.stringify(Object.fromEntries(filter))}${projection})${sort}${limit}` };
}
