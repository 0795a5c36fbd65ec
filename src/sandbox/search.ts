import type { Clause, SearchQuery } from '../connectors/stripe/index.js';

/** Search fields that are not plain paths into the object. */
const FIELD_PATHS: Readonly<Record<string, string>> = {
  last_finalization_error_code: 'last_finalization_error.code',
  last_finalization_error_type: 'last_finalization_error.type',
};

/** Whether an object satisfies a parsed query, with Stripe's matching rules. */
export function matches(query: SearchQuery, object: Record<string, unknown>): boolean {
  const test = (clause: Clause) => clauseMatches(clause, object) !== clause.negated;
  return query.combinator === 'AND' ? query.clauses.every(test) : query.clauses.some(test);
}

function clauseMatches(clause: Clause, object: Record<string, unknown>): boolean {
  const actual = fieldValue(clause, object);
  const { value, operator } = clause;
  if (value.kind === 'null') return actual === null || actual === undefined || actual === '';
  if (actual === null || actual === undefined) return false;

  if (clause.fieldType === 'numeric') {
    const n = Number(actual);
    const q = value.value as number;
    switch (operator) {
      case ':':
        return n === q;
      case '>':
        return n > q;
      case '<':
        return n < q;
      case '>=':
        return n >= q;
      case '<=':
        return n <= q;
      default:
        return false;
    }
  }
  const text = String(actual).toLowerCase();
  const wanted = String(value.value).toLowerCase();
  if (operator === '~') return text.includes(wanted);
  return clause.fieldType === 'string' ? wordsInOrder(text, wanted) : text === wanted;
}

function fieldValue(clause: Clause, object: Record<string, unknown>): unknown {
  if (clause.metadataKey !== undefined) {
    return (object.metadata as Record<string, unknown> | undefined)?.[clause.metadataKey];
  }
  let current: unknown = object;
  for (const part of (FIELD_PATHS[clause.field] ?? clause.field).split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** True when every word of `wanted` appears in `text`, in the same order. */
function wordsInOrder(text: string, wanted: string): boolean {
  const words = text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  let i = 0;
  for (const w of wanted.split(/[^\p{L}\p{N}]+/u).filter(Boolean)) {
    while (i < words.length && words[i] !== w) i++;
    if (i === words.length) return false;
    i++;
  }
  return true;
}
