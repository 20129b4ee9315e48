import { Dashboard } from '@/components/dashboard/dashboard';
import { can } from '@/components/permissions';
import { queryKeys } from '@/lib/hooks/query-keys';
import { extraKeys } from '@/lib/hooks/extra-keys';
import { getKpisForTenant, getKpiViewAsOf } from '@/lib/kpi-view';
import { listAccounts } from '@/lib/pluggy/accounts';
import { listItems } from '@/lib/pluggy/items/list-items';
import { currentSync } from '@/lib/pluggy/sync/start-sync';
import { toSyncStatus } from '@/lib/hooks/sync-status';
import { getPrisma } from '@/lib/prisma';
import { Hydrated, prefetch } from '@/lib/query-server';
import { pageSession } from './session';

export const metadata = { title: 'Painel — Concilia' };

export default async function PainelPage() {
  const { tenantId, role } = await pageSession();
  const db = getPrisma();
  // Same shapes as GET /api/kpis, /api/pluggy/accounts and /api/pluggy/items.
  await Promise.all([
    prefetch(queryKeys.kpis(), async () => {
      const [rows, asOf] = await Promise.all([getKpisForTenant(db, tenantId), getKpiViewAsOf(db)]);
      return { asOf: asOf?.toISOString() ?? null, kpis: rows };
    }),
    prefetch(queryKeys.accounts(), () => listAccounts(db, tenantId)),
    prefetch(extraKeys.items(), () => listItems(db, tenantId)),
    prefetch(queryKeys.syncStatus(), async () => toSyncStatus(await currentSync(tenantId))),
  ]);
  return (
    <Hydrated>
      <Dashboard canSync={can(role, 'POST /api/pluggy/sync')} />
    </Hydrated>
  );
}
