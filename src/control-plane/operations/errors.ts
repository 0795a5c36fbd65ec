/**
 * A refusal of the operations domain (activities, operations, runs), named by what went wrong;
 * the HTTP layer maps the kind to a status once (src/control-plane/http/operations.ts).
 */
export class OperationsError extends Error {
  override readonly name = 'OperationsError';
  constructor(
    readonly kind: 'invalid' | 'not_found' | 'conflict',
    /** The API's error code, as in invalid_input, invalid_mapping, in_use. */
    readonly code: string,
    message: string,
    /** What else the caller needs: the offending `field`, a query's `offset`, a mapping's `position`, the operations in the way. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  static invalid(field: string, message: string, details: Record<string, unknown> = {}, code = 'invalid_input'): OperationsError {
    return new OperationsError('invalid', code, message, { field, ...details });
  }

  static notFound(what: string, id: string): OperationsError {
    return new OperationsError('not_found', 'not_found', `No ${what} ${id}.`);
  }
}
