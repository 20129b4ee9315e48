// The embedded demo's Advbox: `npm start` on the embedded database runs the
// Advbox sandbox (tools/advbox-sandbox) in-process, loaded with the same
// synthetic book as the local Pluggy sandbox's default firm (seed 2026, 60
// clients, anchored today), so the credits the demo firm syncs from Pluggy
// pay receivables this Advbox holds and the Conciliação page shows real
// matches. The demo firm gets the sandbox's token when it has none of its
// own; the app reaches the sandbox through ADVBOX_API_URL.
import { createPrismaClient } from '@/lib/prisma';
import { readSecret, updateSettings } from '@/lib/settings/settings';
import { startAdvboxSandbox, type AdvboxSandbox } from '@/tools/advbox-sandbox/server';
import { DEMO_TENANT_SLUG } from './ensure-demo-data';

/** Must match the Pluggy sandbox's default firm in scripts/start.ts ({ seed: 2026 }, 60 clients by default). */
export const DEMO_ADVBOX_BOOK = { seed: 2026, customers: 60 } as const;
/** The demo account's token in the local sandbox (not a secret: the sandbox only listens on 127.0.0.1). */
export const DEMO_ADVBOX_TOKEN = 'concilia-demo-advbox-token';

export interface DemoAdvbox {
  url: string;
  sandbox: AdvboxSandbox;
  /** Gives the demo firm the sandbox token when it has no Advbox token yet. */
  configureDemoFirm(databaseUrl: string, log: (l: string) => void): Promise<void>;
  close(): Promise<void>;
}

export async function startDemoAdvbox(today = new Date()): Promise<DemoAdvbox> {
  const anchorDate = today.toISOString().slice(0, 10);
  const sandbox = await startAdvboxSandbox({
    firms: { [DEMO_ADVBOX_TOKEN]: { bookOptions: { ...DEMO_ADVBOX_BOOK, anchorDate } } },
    maxLoggedRequests: 1000,
  });
  return {
    url: sandbox.url,
    sandbox,
    async configureDemoFirm(databaseUrl, log) {
      const { db, pool } = createPrismaClient(databaseUrl, 2);
      try {
        const tenant = await db.tenant.findUnique({ where: { slug: DEMO_TENANT_SLUG }, select: { id: true } });
        if (!tenant) return;
        if (await readSecret(db, tenant.id, 'advboxToken')) return;
        await updateSettings(db, { tenantId: tenant.id, actorId: 'system:demo', input: { advboxToken: DEMO_ADVBOX_TOKEN } });
        log('demo firm connected to the local Advbox sandbox');
      } finally {
        await db.$disconnect();
        await pool.end();
      }
    },
    close: () => sandbox.close(),
  };
}
