/** Syntax trees produced by the parsers. Positions are 0-based offsets into the query text. */

export interface FieldPath {
  readonly kind: 'field';
  /** Segments as written: ['Account', 'Name'] for Account.Name. */
  readonly path: readonly string[];
  readonly pos: number;
}

export const DATE_FUNCTIONS = [
  'CALENDAR_YEAR', 'CALENDAR_QUARTER', 'CALENDAR_MONTH', 'DAY_IN_MONTH', 'DAY_IN_WEEK', 'DAY_IN_YEAR',
  'DAY_ONLY', 'HOUR_IN_DAY', 'WEEK_IN_MONTH', 'WEEK_IN_YEAR', 'FISCAL_YEAR', 'FISCAL_QUARTER', 'FISCAL_MONTH',
] as const;
export type DateFunctionName = (typeof DATE_FUNCTIONS)[number];

export interface DateFunctionCall {
  readonly kind: 'dateFunction';
  readonly fn: DateFunctionName;
  readonly arg: FieldPath;
  readonly pos: number;
}

export const AGGREGATE_FUNCTIONS = ['COUNT', 'COUNT_DISTINCT', 'SUM', 'AVG', 'MIN', 'MAX'] as const;
export type AggregateFunctionName = (typeof AGGREGATE_FUNCTIONS)[number];

export interface AggregateCall {
  readonly kind: 'aggregate';
  readonly fn: AggregateFunctionName;
  /** Null only for COUNT() written without an argument inside a larger select list. */
  readonly arg: ScalarExpr | null;
  readonly pos: number;
}

export type ScalarExpr = FieldPath | DateFunctionCall;
export type ValueExpr = ScalarExpr | AggregateCall;

export interface SelectItem {
  readonly kind: 'item';
  readonly expr: ValueExpr;
  readonly alias: string | null;
  readonly pos: number;
}

/** FIELDS(ALL | STANDARD | CUSTOM) in a select list. */
export interface FieldsMacro {
  readonly kind: 'fields';
  readonly which: 'ALL' | 'STANDARD' | 'CUSTOM';
  readonly pos: number;
}

/** A value on the right of a comparison. Relative date literals are resolved when compiled against an org. */
export type Literal =
  | { readonly kind: 'null'; readonly pos: number }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly pos: number }
  | { readonly kind: 'number'; readonly value: number; readonly pos: number }
  | { readonly kind: 'string'; readonly value: string; readonly literalWildcards: readonly number[]; readonly pos: number }
  /** A calendar date (a whole UTC day) or a datetime instant, as epoch milliseconds [start, end). */
  | { readonly kind: 'dateRange'; readonly start: number; readonly end: number; readonly text: string; readonly pos: number }
  | { readonly kind: 'relativeDate'; readonly name: string; readonly n: number | null; readonly text: string; readonly pos: number };

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Condition =
  | { readonly kind: 'and'; readonly items: readonly Condition[] }
  | { readonly kind: 'or'; readonly items: readonly Condition[] }
  | { readonly kind: 'not'; readonly item: Condition }
  | { readonly kind: 'compare'; readonly left: ValueExpr; readonly op: ComparisonOperator; readonly right: Literal; readonly pos: number }
  | { readonly kind: 'like'; readonly left: ValueExpr; readonly pattern: Literal; readonly pos: number }
  | { readonly kind: 'in'; readonly left: ValueExpr; readonly values: readonly Literal[]; readonly negated: boolean; readonly pos: number }
  | { readonly kind: 'inQuery'; readonly left: ValueExpr; readonly query: SelectQuery; readonly negated: boolean; readonly pos: number };

export interface OrderItem {
  readonly expr: ValueExpr;
  readonly descending: boolean;
  /** Null: the Salesforce default (nulls first ascending, last descending). */
  readonly nullsFirst: boolean | null;
  readonly pos: number;
}

export interface ObjectRef {
  readonly name: string;
  readonly pos: number;
}

export interface SelectQuery {
  readonly kind: 'select';
  readonly pos: number;
  /** SELECT COUNT() FROM ...: the answer is only totalSize. */
  readonly countOnly: boolean;
  readonly items: readonly (SelectItem | FieldsMacro)[];
  readonly object: ObjectRef;
  readonly where: Condition | null;
  readonly groupBy: readonly ScalarExpr[];
  readonly having: Condition | null;
  readonly orderBy: readonly OrderItem[];
  readonly limit: number | null;
  readonly offset: number | null;
}

export type SearchScope = 'ALL' | 'NAME' | 'EMAIL' | 'PHONE';

/** A search expression from FIND {...}: words and phrases combined with AND / OR / NOT. */
export type SearchExpr =
  /** Consecutive words (a phrase when more than one); `prefix`: the last word may continue (written with a trailing *). */
  | { readonly kind: 'term'; readonly words: readonly string[]; readonly prefix: boolean }
  | { readonly kind: 'and'; readonly items: readonly SearchExpr[] }
  | { readonly kind: 'or'; readonly items: readonly SearchExpr[] }
  | { readonly kind: 'not'; readonly item: SearchExpr };

export interface ReturningSpec {
  readonly object: ObjectRef;
  /** Empty: only Id, as Salesforce returns when no field list is given. */
  readonly items: readonly (SelectItem | FieldsMacro)[];
  readonly where: Condition | null;
  readonly orderBy: readonly OrderItem[];
  readonly limit: number | null;
  readonly offset: number | null;
}

export interface SearchQuery {
  readonly kind: 'search';
  readonly search: SearchExpr;
  readonly scope: SearchScope;
  /** Null: search every object and return Ids. */
  readonly returning: readonly ReturningSpec[] | null;
  readonly limit: number | null;
}
