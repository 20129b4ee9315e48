import type { ReactNode } from 'react';
import { AppShell } from '@/components/shell/app-shell';
import { Toaster } from '@/components/ui/toast';
import { queryKeys } from '@/lib/hooks/query-keys';
import { listNotifications } from '@/lib/notifications/notifications';
import { getPrisma } from '@/lib/prisma';
import { QueryProvider } from '@/lib/query-provider';
import { Hydrated, prefetch } from '@/lib/query-server';
import { pageSession } from './session';

export const dynamic = 'force-dynamic';

export default async function AppLayout({ children }: { children: ReactNode }) {
  const s = await pageSession();
  // The bell's unread count arrives with the page (then live through the event stream).
  await prefetch(queryKeys.notifications(20), () =>
    listNotifications(getPrisma(), { tenantId: s.tenantId, userId: s.userId, limit: 20, unreadOnly: false }),
  );
  return (
    <QueryProvider since={s.since}>
      <Hydrated>
      <Toaster>
        <AppShell
          user={{ email: s.identity.email ?? null, name: s.identity.name ?? null }}
          active={{ id: s.active.tenantId, name: s.active.tenantName, role: s.active.role }}
          tenants={s.tenants.map((t) => ({ id: t.tenantId, name: t.tenantName, role: t.role }))}
        >
          {children}
        </AppShell>
      </Toaster>
      </Hydrated>
    </QueryProvider>
  );
}
