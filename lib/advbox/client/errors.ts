// One error type for everything that can go wrong talking to Advbox, with a
// kind a caller can act on. Messages are pt-BR: routes may show them.
import { ApiError } from '@/lib/api/errors';

export type AdvboxErrorKind =
  /** 401: token missing, wrong or regenerated (Advbox also answers 401 for routes it lacks). */
  | 'invalid_token'
  /** 403: the WAF in front of the API refused the request. */
  | 'blocked'
  | 'not_found'
  /** 429, or our own budget has no slot within the allowed wait. */
  | 'rate_limited'
  /** 422: Advbox refused what we sent. */
  | 'validation'
  /** 5xx, or another unexpected status. */
  | 'server'
  /** No HTTP answer: connection refused or reset, DNS, timeout. */
  | 'unreachable'
  /** A 2xx whose body is not what Advbox sends (not JSON, or not the documented shape). */
  | 'invalid_response';

export class AdvboxApiError extends Error {
  override readonly name = 'AdvboxApiError';

  constructor(
    readonly kind: AdvboxErrorKind,
    message: string,
    readonly status: number | null = null,
    readonly extra: { retryAfterMs?: number; details?: unknown; method?: string; path?: string } = {},
  ) {
    super(message);
  }

  get retryAfterMs(): number | undefined {
    return this.extra.retryAfterMs;
  }

  /** Worth trying again later (the same request may succeed). */
  get transient(): boolean {
    return this.kind === 'rate_limited' || this.kind === 'server' || this.kind === 'unreachable';
  }
}

export const ADVBOX_MESSAGES: Record<AdvboxErrorKind, string> = {
  invalid_token: 'O Advbox recusou o token. Gere um novo em Configurações > Integrações e API.',
  blocked: 'O Advbox bloqueou a requisição (firewall). Tente novamente mais tarde.',
  not_found: 'Registro não encontrado no Advbox.',
  rate_limited: 'Limite de requisições do Advbox atingido. Tente novamente em instantes.',
  validation: 'O Advbox recusou os dados enviados.',
  server: 'O Advbox respondeu com um erro. Tente novamente em instantes.',
  unreachable: 'Não foi possível conectar ao Advbox. Verifique a rede e tente novamente.',
  invalid_response: 'O Advbox respondeu em um formato inesperado.',
};

/** The API error a route sends for it (Advbox's faults are a bad gateway, not ours). */
export function toApiError(err: AdvboxApiError): ApiError {
  const details = { advbox: err.kind, ...(err.status ? { status: err.status } : {}) };
  switch (err.kind) {
    case 'invalid_token':
      return new ApiError('conflict', ADVBOX_MESSAGES.invalid_token, details);
    case 'not_found':
      return new ApiError('not_found', err.message, details);
    case 'rate_limited': {
      const seconds = Math.max(1, Math.ceil((err.retryAfterMs ?? 60_000) / 1000));
      return new ApiError('rate_limited', `${ADVBOX_MESSAGES.rate_limited} (${seconds} s)`, details, { 'Retry-After': String(seconds) });
    }
    case 'unreachable':
      return new ApiError('service_unavailable', ADVBOX_MESSAGES.unreachable, details);
    default:
      return new ApiError('bad_gateway', err.message, details);
  }
}
