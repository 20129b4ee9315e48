import { PAGE_LIMIT } from '@/components/notifications/limit';
import { NotificationsView } from '@/components/notifications/notifications-view';
import { queryKeys } from '@/lib/hooks/query-keys';
import { listNotifications } from '@/lib/notifications/notifications';
import { getPrisma } from '@/lib/prisma';
import { Hydrated, prefetch } from '@/lib/query-server';
import { pageSession } from '../session';

export const metadata = { title: 'Notificações — Concilia' };

export default async function NotificacoesPage() {
  const { tenantId, userId } = await pageSession();
  await prefetch(queryKeys.notifications(PAGE_LIMIT), () => listNotifications(getPrisma(), { tenantId, userId, limit: PAGE_LIMIT, unreadOnly: false }));
  return (
    <Hydrated>
      <NotificationsView />
    </Hydrated>
  );
}
