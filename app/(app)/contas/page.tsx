import { AccountsView } from '@/components/accounts/accounts-view';
import { can } from '@/components/permissions';
import { queryKeys } from '@/lib/hooks/query-keys';
import { extraKeys } from '@/lib/hooks/extra-keys';
import { listAccounts } from '@/lib/pluggy/accounts';
import { listItems } from '@/lib/pluggy/items/list-items';
import { currentSync } from '@/lib/pluggy/sync/start-sync';
import { toSyncStatus } from '@/lib/hooks/sync-status';
import { getPrisma } from '@/lib/prisma';
import { Hydrated, prefetch } from '@/lib/query-server';
import { pageSession } from '../session';

export const metadata = { title: 'Contas — Concilia' };

export default async function ContasPage() {
  const { tenantId, role } = await pageSession();
  const db = getPrisma();
  await Promise.all([
    prefetch(queryKeys.accounts(), () => listAccounts(db, tenantId)),
    prefetch(extraKeys.items(), () => listItems(db, tenantId)),
    prefetch(queryKeys.syncStatus(), async () => toSyncStatus(await currentSync(tenantId))),
  ]);
  return (
    <Hydrated>
      <AccountsView
        can={{
          // Connecting takes both calls: the connect token and binding the item the widget created.
          connect: can(role, 'POST /api/pluggy/token') && can(role, 'POST /api/pluggy/items'),
          rename: can(role, 'PATCH /api/pluggy/accounts/[id]'),
          refresh: can(role, 'POST /api/pluggy/items/[id]/refresh'),
          remove: can(role, 'DELETE /api/pluggy/items/[id]'),
          importStatement: can(role, 'POST /api/statements/import'),
          sync: can(role, 'POST /api/pluggy/sync'),
        }}
      />
    </Hydrated>
  );
}
