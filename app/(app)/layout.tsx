import type { ReactNode } from 'react';
import { AppShell } from '@/components/shell/app-shell';
import { Toaster } from '@/components/ui/toast';
import { QueryProvider } from '@/lib/query-provider';
import { pageSession } from './session';

export const dynamic = 'force-dynamic';

export default async function AppLayout({ children }: { children: ReactNode }) {
  const s = await pageSession();
  return (
    <QueryProvider>
      <Toaster>
        <AppShell
          user={{ email: s.identity.email ?? null, name: s.identity.name ?? null }}
          active={{ id: s.active.tenantId, name: s.active.tenantName, role: s.active.role }}
          tenants={s.tenants.map((t) => ({ id: t.tenantId, name: t.tenantName, role: t.role }))}
        >
          {children}
        </AppShell>
      </Toaster>
    </QueryProvider>
  );
}
