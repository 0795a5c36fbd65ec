import { describe, expect, it } from 'vitest';
import {
  parseSearchQuery,
  SEARCH_FIELDS,
  SEARCHABLE_RESOURCES,
  SearchQueryError,
  type SearchableResource,
} from '../src/connectors/stripe/search-query/index.js';

describe('search query parser: valid queries', () => {
  const valid: Array<[SearchableResource, string, unknown]> = [
    ['customers', "email:'jenny@example.com'", { combinator: 'AND', clauses: [{ field: 'email', operator: ':', value: { kind: 'string', value: 'jenny@example.com' } }] }],
    ['customers', 'name:"Jane \\"JD\\" Doe"', { clauses: [{ value: { kind: 'string', value: 'Jane "JD" Doe' } }] }],
    ['customers', "name~'jan'", { clauses: [{ operator: '~' }] }],
    ['customers', 'created>1609459200', { clauses: [{ field: 'created', fieldType: 'numeric', operator: '>', value: { kind: 'number', value: 1609459200 } }] }],
    ['customers', 'created>=1 created<=2', { combinator: 'AND', clauses: [{ operator: '>=' }, { operator: '<=' }] }],
    ['customers', "email:'a@b.c' AND name:'x'", { combinator: 'AND', clauses: [{}, {}] }],
    ['customers', "email:'a@b.c' and name:'x'", { combinator: 'AND' }],
    ['customers', "email:'a@b.c' OR name:'x' or phone:'1'", { combinator: 'OR', clauses: [{}, {}, {}] }],
    ['customers', "metadata['order_id']:'6735'", { clauses: [{ field: 'metadata', metadataKey: 'order_id', value: { kind: 'string', value: '6735' } }] }],
    ['customers', 'metadata["order id"]:"6735"', { clauses: [{ metadataKey: 'order id' }] }],
    ['customers', "-metadata['k']:null", { clauses: [{ negated: true, value: { kind: 'null' } }] }],
    ['customers', 'email:null', { clauses: [{ value: { kind: 'null' } }] }],
    ['customers', "-email:'x@y.z'", { clauses: [{ negated: true }] }],
    ['customers', "  email:'x'   ", { clauses: [{ offset: 2 }] }],
    ['charges', "billing_details.address.postal_code:'12345'", { clauses: [{ field: 'billing_details.address.postal_code', fieldType: 'string' }] }],
    ['charges', 'amount:-5', { clauses: [{ value: { kind: 'number', value: -5 } }] }],
    ['charges', "payment_method_details.card.last4:'4242'", { clauses: [{ fieldType: 'token' }] }],
    ['invoices', 'total>=1000.5', { clauses: [{ value: { kind: 'number', value: 1000.5 } }] }],
    ['prices', "active:'true' product:'prod_1'", { clauses: [{ field: 'active' }, { field: 'product' }] }],
    ['products', "name~'shirt'", { clauses: [{ field: 'name' }] }],
    ['payment_intents', "status:'succeeded'", { clauses: [{ field: 'status' }] }],
    ['subscriptions', "status:'active'", { clauses: [{ field: 'status' }] }],
    ['customers', Array.from({ length: 10 }, (_, i) => `created>${i}`).join(' '), { clauses: Array.from({ length: 10 }, () => ({})) }],
  ];
  it.each(valid.map(([r, q, e]) => [r, label(q), q, e] as const))('%s: %s', (resource, _label, query, expected) => {
    expect(parseSearchQuery(query, resource)).toMatchObject(expected as object);
  });

  it('accepts a query of exactly 5000 characters', () => {
    const query = `email:'${'a'.repeat(4992)}'`;
    expect(query).toHaveLength(5000);
    expect(parseSearchQuery(query, 'customers').clauses).toHaveLength(1);
  });

  it('knows every searchable resource and no other', () => {
    expect([...SEARCHABLE_RESOURCES].sort()).toEqual(
      ['charges', 'customers', 'invoices', 'payment_intents', 'prices', 'products', 'subscriptions'].sort(),
    );
    expect(Object.keys(SEARCH_FIELDS.customers).sort()).toEqual(['created', 'email', 'metadata', 'name', 'phone']);
  });
});

describe('search query parser: refused queries name what is wrong and where', () => {
  const invalid: Array<[SearchableResource, string, number, RegExp]> = [
    ['customers', '', 0, /empty/],
    ['customers', '   ', 0, /empty/],
    ['customers', "emial:'x'", 0, /'emial' is not a search field of customers; use one of: created, email, metadata, name, phone/],
    ['customers', "email:'x' amount>5", 10, /'amount' is not a search field of customers/],
    ['customers', 'email:jenny', 6, /strings must be quoted, as in "jenny"/],
    ['customers', "email 'x'", 5, /no space is allowed between a field and its operator/],
    ['customers', "email='x'", 5, /expected an operator/],
    ['customers', "email:'x", 6, /not closed with '/],
    ['customers', 'email:"x\\"', 6, /not closed with "/],
    ['customers', "email:'x' AND name:'y' OR phone:'1'", 23, /AND and OR cannot be mixed/],
    ['customers', "email:'x' OR name:'y' phone:'1'", 22, /AND and OR cannot be mixed/],
    ['customers', "email:'x' AND", 13, /expected a clause after AND/],
    ['customers', "email:'x'name:'y'", 9, /expected a space, AND or OR between clauses/],
    ['customers', Array.from({ length: 11 }, (_, i) => `created>${i}`).join(' '), 100, /at most 10 clauses/],
    ['customers', `email:'${'a'.repeat(4993)}'`, 5000, /longer than 5000 characters/],
    ['customers', "name~'ab'", 5, /at least 3 characters/],
    ['customers', 'created~123', 7, /'~' does not apply to the numeric field 'created'/],
    ['customers', "email>'a'", 5, /'>' only applies to numeric fields; 'email' is not one/],
    ['customers', "created>'2021'", 8, /'>' needs a number/],
    ['customers', "created:'2021'", 8, /'created' is numeric; write a number without quotes/],
    ['customers', 'created>null', 8, /null can only be used with ':'/],
    ['customers', 'email:', 6, /expected a value/],
    ['customers', "metadata:'x'", 8, /metadata needs a key in brackets/],
    ['customers', "metadata[key]:'x'", 9, /metadata key must be a quoted string/],
    ['customers', "metadata['key':'x'", 14, /expected '\]' after the metadata key/],
    ['customers', 'created:12abc', 10, /a number must be followed by a space/],
    ['customers', "-'x'", 1, /expected a field name/],
    ['customers', "billing.:'x'", 8, /expected a name after the dot/],
    ['charges', "email:'x'", 0, /'email' is not a search field of charges/],
    ['subscriptions', "customer:'cus_1'", 0, /use one of: created, metadata, status/],
  ];
  it.each(invalid.map(([r, q, o, m]) => [r, label(q), q, o, m] as const))('%s: %s', (resource, _label, query, offset, message) => {
    let error: unknown;
    try {
      parseSearchQuery(query, resource);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SearchQueryError);
    const e = error as SearchQueryError;
    expect(e.reason).toMatch(message);
    expect(e.offset).toBe(offset);
    expect(e.message).toContain(`(at offset ${offset})`);
  });
});

function label(query: string): string {
  return query.length > 60 ? `${query.slice(0, 40)}… (${query.length} characters)` : query;
}
