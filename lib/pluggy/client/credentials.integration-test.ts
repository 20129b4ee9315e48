// Which credentials a tenant's client uses: its own pair (decrypted from
// TenantSettings) over the app-wide pair over the local sandbox.
import { describe, expect, it } from 'vitest';
import { updateSettings } from '@/lib/settings/settings';
import { withEnv } from '@/test/api';
import { createFirm } from '@/test/fixtures';
import { testDb } from '@/test/db';
import { resolvePluggyCredentials } from './credentials';
import { pluggyForTenant, PluggyNotConfiguredError } from './for-tenant';
import { SANDBOX_CLIENT } from './sandbox-credentials';

const { db } = testDb();
const NONE = { PLUGGY_API_URL: undefined, PLUGGY_CLIENT_ID: undefined, PLUGGY_CLIENT_SECRET: undefined, PLUGGY_SANDBOX_URL: undefined };

async function setPair(tenantId: string, actorId: string, input: { pluggyClientId?: string | null; pluggyClientSecret?: string | null }) {
  await updateSettings(db, { tenantId, actorId, input });
}

describe('resolvePluggyCredentials', () => {
  it('tenant pair → PLUGGY_API_URL; else app pair; else the sandbox; else none', async () => {
    const f = await createFirm(db);
    const actor = f.users.OWNER.userId;
    await withEnv({ ...NONE }, async () => {
      expect(await resolvePluggyCredentials(db, f.tenantId)).toBeNull();
      await expect(pluggyForTenant(db, f.tenantId)).rejects.toBeInstanceOf(PluggyNotConfiguredError);
    });
    await withEnv({ ...NONE, PLUGGY_SANDBOX_URL: 'http://127.0.0.1:4010' }, async () => {
      expect(await resolvePluggyCredentials(db, f.tenantId)).toEqual({ source: 'sandbox', baseUrl: 'http://127.0.0.1:4010', ...SANDBOX_CLIENT });
      const api = await pluggyForTenant(db, f.tenantId);
      expect([api.source, api.baseUrl]).toEqual(['sandbox', 'http://127.0.0.1:4010']);
    });
    const app = { ...NONE, PLUGGY_CLIENT_ID: 'app-client-id', PLUGGY_CLIENT_SECRET: 'app-client-secret', PLUGGY_SANDBOX_URL: 'http://127.0.0.1:4010' };
    await withEnv(app, async () => {
      expect(await resolvePluggyCredentials(db, f.tenantId)).toEqual({ source: 'app', baseUrl: 'https://api.pluggy.ai', clientId: 'app-client-id', clientSecret: 'app-client-secret' });
    });
    // Half a tenant pair is not a pair.
    await setPair(f.tenantId, actor, { pluggyClientId: 'tenant-client-id' });
    await withEnv(app, async () => expect((await resolvePluggyCredentials(db, f.tenantId))?.source).toBe('app'));
    await setPair(f.tenantId, actor, { pluggyClientSecret: 'tenant-client-secret' });
    await withEnv({ ...app, PLUGGY_API_URL: 'http://127.0.0.1:4999' }, async () => {
      expect(await resolvePluggyCredentials(db, f.tenantId)).toEqual({
        source: 'tenant',
        baseUrl: 'http://127.0.0.1:4999',
        clientId: 'tenant-client-id',
        clientSecret: 'tenant-client-secret',
      });
    });
    // Another tenant without a pair does not see this one's.
    const g = await createFirm(db);
    await withEnv(app, async () => expect((await resolvePluggyCredentials(db, g.tenantId))?.source).toBe('app'));
  });
});
