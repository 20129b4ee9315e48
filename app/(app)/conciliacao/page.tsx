import { can } from '@/components/permissions';
import { historyParams, parseReconSearch, viewParams } from '@/components/reconciliation/params';
import { ReconciliationView } from '@/components/reconciliation/reconciliation-view';
import { queryKeys } from '@/lib/hooks/query-keys';
import { getPrisma } from '@/lib/prisma';
import { Hydrated, prefetch } from '@/lib/query-server';
import { loadView } from '@/lib/reconciliation/full';
import { listReconciliations } from '@/lib/reconciliation/records';
import { pageSession } from '../session';

export const metadata = { title: 'Conciliação — Concilia' };

// Bounded like the route: a first computation may need Advbox while the person waits.
const PERSON_WAITING = { clientOptions: { maxWaitMs: 20_000, timeoutMs: 20_000 } };

export default async function ConciliacaoPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { tenantId, role } = await pageSession();
  const s = parseReconSearch(await searchParams);
  const db = getPrisma();
  const vp = viewParams(s);
  const hp = historyParams(s);
  // A failure (no Advbox token: 409) is not prefetched: the browser's query gets it and shows what to do.
  await Promise.all([
    prefetch(queryKeys.reconciliation(vp), async () =>
      (await loadView(db, tenantId, { status: vp.status ?? 'all', q: vp.q, limit: vp.limit ?? 100, offset: vp.offset ?? 0 }, PERSON_WAITING)).view,
    ),
    s.tab === 'confirmed' ? prefetch(queryKeys.reconciliationHistory(hp), () => listReconciliations(db, tenantId, { offset: 0, ...hp })) : undefined,
  ]);
  return (
    <Hydrated>
      <ReconciliationView
        can={{
          confirm: can(role, 'POST /api/reconciliation/confirm'),
          reject: can(role, 'POST /api/reconciliation/reject'),
          link: can(role, 'POST /api/reconciliation/link'),
          undo: can(role, 'POST /api/reconciliation/[id]/undo'),
          bulk: can(role, 'POST /api/reconciliation/bulk-confirm'),
        }}
      />
    </Hydrated>
  );
}
