// Typed failures of Pluggy calls. The SDK rejects with a bare response body
// (or with the request body on a 201/204); our transport turns every
// non-2xx into a PluggyApiError carrying the status, Pluggy's stable
// codeDescription and the Retry-After it sent, and every failure to get a
// response into a PluggyNetworkError.
export interface PluggyRequestInfo {
  method: string;
  /** Path without query, e.g. "/v2/transactions". */
  path: string;
}

export class PluggyApiError extends Error {
  override readonly name = 'PluggyApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly codeDescription: string | null,
    /** Seconds, from the Retry-After header; null when absent. */
    readonly retryAfter: number | null,
    readonly request: PluggyRequestInfo,
    /** The parsed error body ({ code, codeDescription?, message, data? }) or its text. */
    readonly body: unknown,
  ) {
    super(message);
  }

  get rateLimited(): boolean {
    return this.status === 429;
  }
}

export class PluggyNetworkError extends Error {
  override readonly name = 'PluggyNetworkError';
  constructor(
    message: string,
    readonly request: PluggyRequestInfo,
    /** True when our deadline fired (the request may have reached Pluggy). */
    readonly timedOut: boolean,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

export type PluggyError = PluggyApiError | PluggyNetworkError;

export function isPluggyError(err: unknown): err is PluggyError {
  return err instanceof PluggyApiError || err instanceof PluggyNetworkError;
}

