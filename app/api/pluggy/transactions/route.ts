import { withCache } from '@/lib/api-helpers';
import { tenantRoute } from '@/lib/api/route';
import { TransactionQuerySchema } from '@/lib/pluggy/transaction-query';
import { listTransactions } from '@/lib/pluggy/transactions';

export const dynamic = 'force-dynamic';

export const GET = tenantRoute('GET /api/pluggy/transactions', { query: TransactionQuerySchema }, async (ctx) =>
  withCache(ctx, { resource: 'txns', params: ctx.query }, () => listTransactions(ctx.db, ctx.auth.tenantId, ctx.query)),
);
