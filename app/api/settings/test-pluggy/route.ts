import { tenantRoute } from '@/lib/api/route';
import { testPluggyConnection } from '@/lib/settings/test-connections';

export const dynamic = 'force-dynamic';

export const POST = tenantRoute('POST /api/settings/test-pluggy', {}, async ({ db, auth }) =>
  testPluggyConnection(db, auth.tenantId),
);
