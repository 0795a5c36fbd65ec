export { parseSearchQuery, SearchQueryError, MAX_CLAUSES, MAX_QUERY_LENGTH, MIN_SUBSTRING_LENGTH } from './parser.js';
export type { Clause, Operator, QueryValue, SearchQuery } from './parser.js';
export { SEARCH_FIELDS, SEARCHABLE_RESOURCES, isSearchableResource } from './fields.js';
export type { FieldType, SearchableResource } from './fields.js';
