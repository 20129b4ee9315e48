import { Dashboard } from '@/components/dashboard/dashboard';
import { queryKeys } from '@/lib/hooks/query-keys';
import { extraKeys } from '@/lib/hooks/extra-keys';
import { getKpisForTenant, getKpiViewAsOf } from '@/lib/kpi-view';
import { listAccounts } from '@/lib/pluggy/accounts';
import { listItems } from '@/lib/pluggy/items/list-items';
import { getPrisma } from '@/lib/prisma';
import { Hydrated, prefetch } from '@/lib/query-server';
import { pageSession } from './session';

export const metadata = { title: 'Painel — Concilia' };

export default async function PainelPage() {
  const { tenantId } = await pageSession();
  const db = getPrisma();
  // Same shapes as GET /api/kpis, /api/pluggy/accounts and /api/pluggy/items.
  await Promise.all([
    prefetch(queryKeys.kpis(), async () => {
      const [rows, asOf] = await Promise.all([getKpisForTenant(db, tenantId), getKpiViewAsOf(db)]);
      return { asOf: asOf?.toISOString() ?? null, kpis: rows };
    }),
    prefetch(queryKeys.accounts(), () => listAccounts(db, tenantId)),
    prefetch(extraKeys.items(), () => listItems(db, tenantId)),
  ]);
  return (
    <Hydrated>
      <Dashboard />
    </Hydrated>
  );
}
