import { tenantRoute } from '@/lib/api/route';
import { BillingQuerySchema } from '@/lib/billing/query';
import { listReceivables } from '@/lib/billing/receivables';

export const dynamic = 'force-dynamic';

/** Open receivables for collection (Cobranças): overdue / due today / due in the next 7 days. */
export const GET = tenantRoute('GET /api/receivables', { query: BillingQuerySchema }, async ({ db, auth, query }) => listReceivables(db, auth.tenantId, query));
