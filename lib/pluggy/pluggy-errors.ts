// Failures of Pluggy calls made for a person, as the API's errors: a 429
// keeps Pluggy's Retry-After, an outage is a 503, rejected credentials are
// a configuration problem (409), and nothing is a 500.
import { ApiError } from '@/lib/api/errors';
import { PluggyApiError, PluggyNetworkError, PluggyNotConfiguredError } from '@/lib/pluggy/client';

export function pluggyApiError(err: unknown): unknown {
  if (err instanceof PluggyNotConfiguredError) {
    return new ApiError('conflict', 'O Pluggy não está configurado. Informe o Client ID e o Client Secret em Configurações.', {
      reason: 'pluggy_not_configured',
    });
  }
  if (err instanceof PluggyNetworkError) {
    return new ApiError('service_unavailable', 'Não foi possível conectar ao Pluggy. Tente novamente em instantes.', { reason: 'pluggy_unreachable' });
  }
  if (!(err instanceof PluggyApiError)) return err;
  const pluggy = { pluggyStatus: err.status, pluggyCode: err.codeDescription };
  if (err.status === 429) {
    const s = Math.max(1, err.retryAfter ?? 60);
    return new ApiError('rate_limited', `O Pluggy limitou as requisições. Tente novamente em ${s} s.`, { reason: 'pluggy_rate_limited', retryAfter: s }, { 'Retry-After': String(s) });
  }
  if (err.request.path === '/auth' && (err.status === 401 || err.status === 403)) {
    return new ApiError('conflict', 'O Pluggy recusou as credenciais configuradas. Confira o Client ID e o Client Secret em Configurações.', {
      reason: 'pluggy_credentials_rejected',
      ...pluggy,
    });
  }
  if (err.status >= 500) return new ApiError('service_unavailable', 'O Pluggy está indisponível no momento. Tente novamente em instantes.', { reason: 'pluggy_unavailable', ...pluggy });
  if (err.status === 404) return new ApiError('not_found', 'Não encontrado no Pluggy.', { reason: 'pluggy_not_found', ...pluggy });
  return new ApiError('bad_gateway', 'O Pluggy recusou a requisição.', { reason: 'pluggy_rejected', ...pluggy });
}

/** Runs a Pluggy call on behalf of a request, turning its failures into API errors. */
export async function withPluggy<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw pluggyApiError(err);
  }
}
