import { tenantRoute } from '@/lib/api/route';
import { testAdvboxConnection } from '@/lib/settings/test-connections';

export const dynamic = 'force-dynamic';

export const POST = tenantRoute('POST /api/settings/test-advbox', {}, async ({ db, auth }) =>
  testAdvboxConnection(db, auth.tenantId),
);
