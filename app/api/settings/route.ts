import { tenantRoute } from '@/lib/api/route';
import { withCache } from '@/lib/api-helpers';
import { SettingsUpdateSchema, MAX_LOGO_BYTES } from '@/lib/settings/schema';
import { getSettings, updateSettings } from '@/lib/settings/settings';

export const dynamic = 'force-dynamic';

export const GET = tenantRoute('GET /api/settings', {}, async (ctx) =>
  withCache(ctx, { resource: 'settings' }, () => getSettings(ctx.db, ctx.auth.tenantId)),
);

export const POST = tenantRoute(
  'POST /api/settings',
  { body: SettingsUpdateSchema, maxBodyBytes: Math.ceil((MAX_LOGO_BYTES * 4) / 3) + 16 * 1024 },
  async ({ db, auth, body, requestId }) =>
    updateSettings(db, { tenantId: auth.tenantId, actorId: auth.userId, requestId, input: body }),
);
