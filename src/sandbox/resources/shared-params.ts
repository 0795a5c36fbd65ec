import type { Param, Schema } from '../params.js';

/** Parameter shapes several resources share. */
export const address: Param = {
  type: 'object',
  properties: {
    city: { type: 'string' },
    country: { type: 'string' },
    line1: { type: 'string' },
    line2: { type: 'string' },
    postal_code: { type: 'string' },
    state: { type: 'string' },
  },
};

export const shipping: Param = {
  type: 'object',
  properties: {
    address: { ...address, required: true },
    name: { type: 'string', required: true },
    phone: { type: 'string' },
    carrier: { type: 'string' },
    tracking_number: { type: 'string' },
  },
};

export const currency: Param = { type: 'string', required: true, maxLength: 3 };
export const metadata: Param = { type: 'metadata' };

/** The `created` filter of every list: an exact timestamp or a range. */
export const createdFilter: Schema = {
  created: {
    type: 'object',
    properties: {
      gt: { type: 'integer' },
      gte: { type: 'integer' },
      lt: { type: 'integer' },
      lte: { type: 'integer' },
    },
  },
};
