// The one error contract of the API: every non-2xx body is
// { "error": { "code", "message", "details"? } }. Messages are pt-BR (shown to
// people); codes are stable identifiers for programs.
export const ERROR_STATUS = {
  invalid_json: 400,
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
  internal_error: 500,
  bad_gateway: 502,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = ERROR_STATUS[code];
  }

  toBody(): ErrorBody {
    return {
      error: { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) },
    };
  }
}

export const notFound = (message = 'Recurso não encontrado.') => new ApiError('not_found', message);
export const forbidden = (message = 'Você não tem permissão para esta ação.') => new ApiError('forbidden', message);
export const conflict = (message: string, details?: unknown) => new ApiError('conflict', message, details);
export const unauthenticated = (message = 'Faça login para continuar.') => new ApiError('unauthenticated', message);
export const badRequest = (message: string, details?: unknown) => new ApiError('bad_request', message, details);

export function errorResponse(err: ApiError, extraHeaders?: HeadersInit): Response {
  const headers = new Headers(extraHeaders);
  for (const [k, v] of Object.entries(err.headers ?? {})) headers.set(k, v);
  headers.set('Cache-Control', 'no-store');
  return Response.json(err.toBody(), { status: err.status, headers });
}
