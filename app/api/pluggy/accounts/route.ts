import { withCache } from '@/lib/api-helpers';
import { tenantRoute } from '@/lib/api/route';
import { listAccounts } from '@/lib/pluggy/accounts';

export const dynamic = 'force-dynamic';

export const GET = tenantRoute('GET /api/pluggy/accounts', {}, async (ctx) =>
  withCache(ctx, { resource: 'accounts' }, () => listAccounts(ctx.db, ctx.auth.tenantId)),
);
