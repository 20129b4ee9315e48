// Which Pluggy credentials a tenant uses, in order:
//   1. the tenant's own pair (TenantSettings, encrypted) → PLUGGY_API_URL
//      (default https://api.pluggy.ai);
//   2. the app-wide pair PLUGGY_CLIENT_ID / PLUGGY_CLIENT_SECRET (single-firm
//      installs) → PLUGGY_API_URL;
//   3. the local sandbox that `npm start` runs (PLUGGY_SANDBOX_URL) with its
//      fixed pair — the embedded default;
// otherwise none. The base URL travels with the credentials (the SDK's own
// process-wide PLUGGY_API_URL read is bypassed), so a tenant on real Pluggy
// and the demo on the sandbox can share a process.
import { env } from '@/lib/env';
import type { Db } from '@/lib/prisma';
import { readSecret } from '@/lib/settings/settings';
import type { PluggySourceKind } from './pluggy-api';
import { SANDBOX_CLIENT } from './sandbox-credentials';
import type { PluggyCredentials } from './transport';

export const PLUGGY_DEFAULT_URL = 'https://api.pluggy.ai';

export interface ResolvedPluggyCredentials extends PluggyCredentials {
  source: PluggySourceKind;
}

export function pluggyApiUrl(): string {
  return env().PLUGGY_API_URL ?? PLUGGY_DEFAULT_URL;
}

/** Credentials from the environment alone (app-wide pair, then the sandbox); null when neither is set. */
export function environmentPluggyCredentials(): ResolvedPluggyCredentials | null {
  const e = env();
  if (e.PLUGGY_CLIENT_ID && e.PLUGGY_CLIENT_SECRET) {
    return { source: 'app', baseUrl: pluggyApiUrl(), clientId: e.PLUGGY_CLIENT_ID, clientSecret: e.PLUGGY_CLIENT_SECRET };
  }
  if (e.PLUGGY_SANDBOX_URL) return { source: 'sandbox', baseUrl: e.PLUGGY_SANDBOX_URL, ...SANDBOX_CLIENT };
  return null;
}

/** The tenant's credentials (decrypted), else the environment's; null when Pluggy is not configured. */
export async function resolvePluggyCredentials(db: Db, tenantId: string): Promise<ResolvedPluggyCredentials | null> {
  const [clientId, clientSecret] = await Promise.all([
    readSecret(db, tenantId, 'pluggyClientId'),
    readSecret(db, tenantId, 'pluggyClientSecret'),
  ]);
  if (clientId && clientSecret) return { source: 'tenant', baseUrl: pluggyApiUrl(), clientId, clientSecret };
  return environmentPluggyCredentials();
}
