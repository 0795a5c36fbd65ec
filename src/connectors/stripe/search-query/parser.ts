import { SEARCH_FIELDS, type FieldType, type SearchableResource } from './fields.js';

/*
 * Stripe's Search Query Language, checked before a query is sent (connector) or evaluated
 * (sandbox). The grammar, which docs/search-query.md explains against Stripe's documentation:
 *
 *   query    = ws* clause ( joiner clause )* ws*
 *   joiner   = ws+ ( ("AND" | "OR") ws+ )?          -- keywords in any case; bare space is AND
 *   clause   = "-"? field operator value             -- no space inside a clause
 *   field    = "metadata" "[" quoted "]" | name ( "." name )*
 *   name     = [A-Za-z_] [A-Za-z0-9_]*
 *   operator = ":" | "~" | ">=" | "<=" | ">" | "<"
 *   value    = quoted | number | "null"
 *   quoted   = "'" chars "'" | '"' chars '"'          -- backslash escapes the next character
 *   number   = "-"? digit+ ( "." digit+ )?
 *
 * Rules beyond the grammar: at most 10 clauses and 5000 characters; AND and OR are not mixed;
 * the field must be one of the resource's query fields; `~` takes a string of 3 characters or
 * more and no numeric field; `>` `<` `>=` `<=` take a number on a numeric field; `null` only
 * with `:`.
 */

export type Operator = ':' | '~' | '>' | '<' | '>=' | '<=';

export type QueryValue =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'null' };

export interface Clause {
  negated: boolean;
  /** The field as written, without the metadata key: `email`, `metadata`, `billing_details.address.postal_code`. */
  field: string;
  fieldType: FieldType;
  /** Set only for `metadata['key']`. */
  metadataKey?: string;
  operator: Operator;
  value: QueryValue;
  /** Character offset of the clause in the query. */
  offset: number;
}

export interface SearchQuery {
  combinator: 'AND' | 'OR';
  clauses: Clause[];
}

export const MAX_CLAUSES = 10;
export const MAX_QUERY_LENGTH = 5000;
export const MIN_SUBSTRING_LENGTH = 3;

/** A query Stripe would refuse: where (character offset) and why. */
export class SearchQueryError extends Error {
  override readonly name = 'SearchQueryError';
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {
    super(`${reason} (at offset ${offset})`);
  }
}

const OPERATORS: readonly Operator[] = ['>=', '<=', ':', '~', '>', '<'];
const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;
const WHITESPACE = /\s/;

class Cursor {
  pos = 0;
  constructor(readonly text: string) {}

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  peek(offset = 0): string {
    return this.text[this.pos + offset] ?? '';
  }

  startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }

  skipWhitespace(): number {
    const start = this.pos;
    while (!this.done && WHITESPACE.test(this.peek())) this.pos++;
    return this.pos - start;
  }

  describeHere(): string {
    return this.done ? 'the end of the query' : `'${this.peek()}'`;
  }
}

export function parseSearchQuery(query: string, resource: SearchableResource): SearchQuery {
  if (query.length > MAX_QUERY_LENGTH) {
    throw new SearchQueryError(`the query is longer than ${MAX_QUERY_LENGTH} characters`, MAX_QUERY_LENGTH);
  }
  const cur = new Cursor(query);
  cur.skipWhitespace();
  if (cur.done) throw new SearchQueryError('the query is empty; write at least one clause such as email:"jenny@example.com"', 0);

  const clauses: Clause[] = [parseClause(cur, resource)];
  let combinator: 'AND' | 'OR' | undefined;
  for (;;) {
    const gap = cur.skipWhitespace();
    if (cur.done) break;
    if (gap === 0) {
      throw new SearchQueryError(`expected a space, AND or OR between clauses, found ${cur.describeHere()}`, cur.pos);
    }
    const keywordAt = cur.pos;
    const keyword = readKeyword(cur);
    let joiner: 'AND' | 'OR' = 'AND';
    if (keyword) {
      joiner = keyword;
      if (cur.skipWhitespace() === 0 || cur.done) {
        throw new SearchQueryError(`expected a clause after ${keyword}`, cur.pos);
      }
    }
    if (combinator && combinator !== joiner) {
      throw new SearchQueryError('AND and OR cannot be mixed in one query (and there are no parentheses)', keywordAt);
    }
    combinator = joiner;
    if (clauses.length === MAX_CLAUSES) {
      throw new SearchQueryError(`a query may have at most ${MAX_CLAUSES} clauses`, cur.pos);
    }
    clauses.push(parseClause(cur, resource));
  }
  return { combinator: combinator ?? 'AND', clauses };
}

/** Consumes `AND` or `OR` (any case) when it stands as a word of its own. */
function readKeyword(cur: Cursor): 'AND' | 'OR' | undefined {
  for (const word of ['AND', 'OR'] as const) {
    const candidate = cur.text.slice(cur.pos, cur.pos + word.length);
    const after = cur.peek(word.length);
    if (candidate.toUpperCase() === word && (after === '' || WHITESPACE.test(after))) {
      cur.pos += word.length;
      return word;
    }
  }
  return undefined;
}

function parseClause(cur: Cursor, resource: SearchableResource): Clause {
  const offset = cur.pos;
  const negated = cur.peek() === '-';
  if (negated) cur.pos++;

  const fieldAt = cur.pos;
  const field = readName(cur);
  const fields = SEARCH_FIELDS[resource];
  const fieldType = fields[field];
  if (fieldType === undefined) {
    throw new SearchQueryError(
      `'${field}' is not a search field of ${resource}; use one of: ${Object.keys(fields).join(', ')}`,
      fieldAt,
    );
  }

  let metadataKey: string | undefined;
  if (field === 'metadata') {
    if (cur.peek() !== '[') {
      throw new SearchQueryError(`metadata needs a key in brackets, as in metadata['order_id']:'123'`, cur.pos);
    }
    cur.pos++;
    if (!isQuote(cur.peek())) throw new SearchQueryError('the metadata key must be a quoted string', cur.pos);
    metadataKey = readQuoted(cur);
    if (cur.peek() !== ']') throw new SearchQueryError(`expected ']' after the metadata key, found ${cur.describeHere()}`, cur.pos);
    cur.pos++;
  }

  const operatorAt = cur.pos;
  const operator = OPERATORS.find((op) => cur.startsWith(op));
  if (!operator) {
    const hint = WHITESPACE.test(cur.peek()) ? ' (no space is allowed between a field and its operator)' : '';
    throw new SearchQueryError(`expected an operator (: ~ > < >= <=) after '${field}', found ${cur.describeHere()}${hint}`, operatorAt);
  }
  cur.pos += operator.length;

  const valueAt = cur.pos;
  const value = readValue(cur);
  checkClause(field, fieldType, operator, value, operatorAt, valueAt);

  const clause: Clause = { negated, field, fieldType, operator, value, offset };
  if (metadataKey !== undefined) clause.metadataKey = metadataKey;
  return clause;
}

function checkClause(field: string, type: FieldType, op: Operator, value: QueryValue, opAt: number, valueAt: number): void {
  if (value.kind === 'null' && op !== ':') {
    throw new SearchQueryError(`null can only be used with ':' (as in ${field}:null)`, valueAt);
  }
  if (op === '~') {
    if (type === 'numeric') throw new SearchQueryError(`'~' does not apply to the numeric field '${field}'`, opAt);
    if (value.kind !== 'string' || value.value.length < MIN_SUBSTRING_LENGTH) {
      throw new SearchQueryError(`'~' needs a quoted string of at least ${MIN_SUBSTRING_LENGTH} characters`, valueAt);
    }
  }
  if (op !== ':' && op !== '~') {
    if (type !== 'numeric') throw new SearchQueryError(`'${op}' only applies to numeric fields; '${field}' is not one`, opAt);
    if (value.kind !== 'number') throw new SearchQueryError(`'${op}' needs a number`, valueAt);
  }
  if (type === 'numeric' && value.kind === 'string') {
    throw new SearchQueryError(`'${field}' is numeric; write a number without quotes`, valueAt);
  }
}

function readName(cur: Cursor): string {
  const start = cur.pos;
  for (;;) {
    if (!NAME_START.test(cur.peek())) {
      const what = cur.pos === start ? 'a field name' : 'a name after the dot';
      throw new SearchQueryError(`expected ${what}, found ${cur.describeHere()}`, cur.pos);
    }
    while (NAME_PART.test(cur.peek())) cur.pos++;
    if (cur.peek() !== '.') break;
    cur.pos++;
  }
  return cur.text.slice(start, cur.pos);
}

function isQuote(c: string): boolean {
  return c === '"' || c === "'";
}

function readQuoted(cur: Cursor): string {
  const start = cur.pos;
  const quote = cur.peek();
  cur.pos++;
  let out = '';
  for (;;) {
    if (cur.done) throw new SearchQueryError(`the string opened here is not closed with ${quote}`, start);
    const c = cur.peek();
    cur.pos++;
    if (c === quote) return out;
    if (c === '\\') {
      if (cur.done) throw new SearchQueryError(`the string opened here is not closed with ${quote}`, start);
      out += cur.peek();
      cur.pos++;
    } else {
      out += c;
    }
  }
}

function readValue(cur: Cursor): QueryValue {
  const c = cur.peek();
  if (isQuote(c)) return { kind: 'string', value: readQuoted(cur) };
  const start = cur.pos;
  const number = /^-?\d+(\.\d+)?/.exec(cur.text.slice(cur.pos));
  if (number) {
    cur.pos += number[0].length;
    if (!endsValue(cur)) throw new SearchQueryError('a number must be followed by a space or the end of the query', cur.pos);
    return { kind: 'number', value: Number(number[0]) };
  }
  if (cur.text.slice(cur.pos, cur.pos + 4) === 'null') {
    cur.pos += 4;
    if (endsValue(cur)) return { kind: 'null' };
    cur.pos = start;
  }
  if (cur.done || WHITESPACE.test(c)) {
    throw new SearchQueryError('expected a value: a quoted string, a number or null', start);
  }
  throw new SearchQueryError(`strings must be quoted, as in "${bareWord(cur)}"`, start);
}

function endsValue(cur: Cursor): boolean {
  return cur.done || WHITESPACE.test(cur.peek());
}

function bareWord(cur: Cursor): string {
  const m = /^\S+/.exec(cur.text.slice(cur.pos));
  return m ? m[0] : '';
}
