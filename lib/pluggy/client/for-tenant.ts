// A PluggyApi for a tenant: its credentials resolved (credentials.ts) and
// the retry policy of the caller — interactive in routes, background in jobs.
import type { Db } from '@/lib/prisma';
import { resolvePluggyCredentials } from './credentials';
import { createPluggyApi, type PluggyApi, type PluggyApiOptions } from './pluggy-api';

export class PluggyNotConfiguredError extends Error {
  override readonly name = 'PluggyNotConfiguredError';
  constructor(readonly tenantId: string) {
    super(`Pluggy is not configured for tenant ${tenantId}`);
  }
}

export async function pluggyForTenant(db: Db, tenantId: string, options: Omit<PluggyApiOptions, 'source'> = {}): Promise<PluggyApi> {
  const creds = await resolvePluggyCredentials(db, tenantId);
  if (!creds) throw new PluggyNotConfiguredError(tenantId);
  const { source, ...credentials } = creds;
  return createPluggyApi(credentials, { ...options, source });
}
