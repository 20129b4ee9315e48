import { can } from '@/components/permissions';
import { SettingsView } from '@/components/settings/settings-view';
import { queryKeys } from '@/lib/hooks/query-keys';
import { extraKeys } from '@/lib/hooks/extra-keys';
import { listInvitations } from '@/lib/members/invitations';
import { listMembers } from '@/lib/members/members';
import { getPrisma } from '@/lib/prisma';
import { Hydrated, prefetch } from '@/lib/query-server';
import { getSettings } from '@/lib/settings/settings';
import { pageSession } from '../session';

export const metadata = { title: 'Configurações — Concilia' };

export default async function ConfiguracoesPage() {
  const { tenantId, role, userId } = await pageSession();
  const db = getPrisma();
  await Promise.all([
    prefetch(queryKeys.settings(), () => getSettings(db, tenantId)),
    prefetch(extraKeys.members(), async () => {
      const [members, invitations] = await Promise.all([listMembers(db, tenantId), listInvitations(db, tenantId)]);
      return { members, invitations };
    }),
  ]);
  return (
    <Hydrated>
      <SettingsView
        selfId={userId}
        role={role}
        can={{ edit: can(role, 'POST /api/settings'), members: can(role, 'PATCH /api/members/[id]'), jobs: can(role, 'GET /api/jobs'), retry: can(role, 'POST /api/jobs/[id]/retry') }}
      />
    </Hydrated>
  );
}
