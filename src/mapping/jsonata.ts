import jsonata from 'jsonata';

/**
 * An operation's mapping: a JSONata expression evaluated once per source record. The control
 * plane compiles it when the operation is saved (and for the console's preview); the agent
 * compiles it once per run and applies it to each record.
 */

export class MappingError extends Error {
  override readonly name = 'MappingError';
  constructor(
    message: string,
    /** The character offset in the expression where JSONata stopped. */
    readonly position: number | undefined,
    /** JSONata's own code, as in S0202 or T2001. */
    readonly jsonataCode: string | undefined,
  ) {
    super(message);
  }
}

export interface Mapping {
  /** The target's input for one record; `undefined` when the mapping filters the record out. */
  apply(record: Record<string, unknown>): Promise<unknown>;
}

/** Compiles an expression, or throws a MappingError with the position of the syntax error. */
export function compileMapping(expression: string): Mapping {
  let compiled: jsonata.Expression;
  try {
    compiled = jsonata(expression);
  } catch (e) {
    throw mappingError(e, 'The mapping is not valid JSONata');
  }
  return {
    async apply(record) {
      let result: unknown;
      try {
        result = await compiled.evaluate(record);
      } catch (e) {
        throw mappingError(e, 'The mapping failed on this record');
      }
      // JSONata marks its sequences with extra properties; a plain copy is what travels on.
      return result === null || result === undefined ? undefined : plain(result);
    },
  };
}

function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

function mappingError(e: unknown, prefix: string): MappingError {
  const err = e as { message?: string; position?: number; code?: string; value?: unknown };
  const at = typeof err.position === 'number' ? ` at position ${err.position}` : '';
  return new MappingError(`${prefix}${at}: ${withoutValue(err.message ?? String(e), err.value)}`, err.position, err.code);
}

/** JSONata quotes the offending value in its message; a record's contents must not reach the run's log. */
function withoutValue(message: string, value: unknown): string {
  if (value === undefined || value === null || typeof value === 'object') return message;
  return message.split(JSON.stringify(value)).join('(the value)').split(String(value)).join('(the value)');
}
