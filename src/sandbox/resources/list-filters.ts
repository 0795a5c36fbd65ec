import type { Schema } from '../params.js';

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
