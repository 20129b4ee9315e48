// "Testar conexão": GET /settings, the cheapest authenticated Advbox call,
// through the client (so it counts against the token's budget like any other
// call) in interactive mode (a person is waiting).
import { AdvboxApiError } from './errors';
import { AdvboxClient, advboxBaseUrl } from './client';

export { advboxBaseUrl } from './client';

export type AdvboxCheckResult =
  | { ok: true; users: number; banks: number }
  | { ok: false; reason: 'invalid_token' | 'blocked' | 'rate_limited' | 'unreachable' | 'unexpected'; detail?: string };

export async function advboxCheckToken(token: string, baseUrl = advboxBaseUrl()): Promise<AdvboxCheckResult> {
  try {
    const s = await new AdvboxClient({ token, baseUrl, mode: 'interactive' }).getSettings();
    return { ok: true, users: s.users.length, banks: s.banks.length };
  } catch (err) {
    if (!(err instanceof AdvboxApiError)) throw err;
    if (err.kind === 'invalid_token' || err.kind === 'blocked' || err.kind === 'rate_limited' || err.kind === 'unreachable') {
      return { ok: false, reason: err.kind };
    }
    return { ok: false, reason: 'unexpected', detail: err.status ? `HTTP ${err.status}` : err.kind };
  }
}
