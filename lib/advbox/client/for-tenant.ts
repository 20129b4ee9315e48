// The Advbox client of a tenant: its token decrypted from tenant_settings,
// the base URL from ADVBOX_API_URL (the in-process sandbox in the embedded
// demo), the shared budget of that token.
import { conflict } from '@/lib/api/errors';
import type { Db } from '@/lib/prisma';
import { readSecret } from '@/lib/settings/settings';
import { AdvboxClient, type AdvboxClientOptions } from './client';

export async function advboxClientForTenant(db: Db, tenantId: string, options: Omit<AdvboxClientOptions, 'token' | 'tenantId'> = {}): Promise<AdvboxClient> {
  const token = await readSecret(db, tenantId, 'advboxToken');
  if (!token) throw conflict('Informe o token do Advbox em Configurações > Integrações antes de continuar.');
  return new AdvboxClient({ ...options, token, tenantId });
}
