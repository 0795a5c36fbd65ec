/** A refusal of the HTTP layer itself (no such route, no token, a body too large or not JSON): `{"error": {"code", "message"}}` with its status. The domain's are Refusals. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  toBody() {
    return { error: { code: this.code, message: this.message, ...this.extra } };
  }
}
