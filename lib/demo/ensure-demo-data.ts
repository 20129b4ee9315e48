// First-run demo account for the embedded default: a demo firm and an
// owner who signs in with e-mail + password. With the local Pluggy sandbox
// (the usual case) the firm's bank data comes the real way: connected and
// synced through the app's own Pluggy code, then kept alive by webhooks
// (pluggy-demo.ts). Without one, two years of synthetic data are seeded
// directly (the seeder otherwise serves the benchmarks). The password is random, printed once
// and kept in .data/demo-credentials.txt (git-ignored, mode 0600) so a
// newcomer who missed the banner can still find it.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashPassword } from '@/lib/auth/password';
import { createPrismaClient } from '@/lib/prisma';
import { seedSynthetic } from '@/lib/synthetic/seed';
import type { PluggySandbox } from '@/tools/pluggy-sandbox/server';
import { connectDemoBank, resumeDemoBank, type DemoBank } from './pluggy-demo';

export const DEMO_EMAIL = 'demo@concilia.local';
export const DEMO_TENANT_SLUG = 'escritorio-demo';

export async function ensureDemoData(
  databaseUrl: string,
  {
    log,
    dataDir = join(process.cwd(), '.data'),
    sandbox,
    appUrl = `http://127.0.0.1:${process.env.PORT ?? '3000'}`,
  }: { log: (l: string) => void; dataDir?: string; sandbox?: PluggySandbox; appUrl?: string },
): Promise<DemoBank | null> {
  const credentialsFile = join(dataDir, 'demo-credentials.txt');
  const { db, pool } = createPrismaClient(databaseUrl, 2);
  try {
    const anyUser = await db.user.findFirst({ select: { id: true } });
    if (anyUser) {
      if (existsSync(credentialsFile)) {
        log(`demo account: see ${credentialsFile}`);
      }
      // A restart: the in-memory sandbox forgot the demo's item; bring it back so live payments go on.
      const demo = sandbox ? await db.tenant.findUnique({ where: { slug: DEMO_TENANT_SLUG }, select: { id: true } }) : null;
      if (!demo || !sandbox) return null;
      try {
        return await resumeDemoBank({ databaseUrl, sandbox, tenantId: demo.id, appUrl, log });
      } catch (err) {
        // The app still serves the stored data; only the live payments are missing.
        log(`demo bank not resumed: ${err instanceof Error ? err.message : String(err)}`);
        return null;
      }
    }

    const password = randomBytes(9).toString('base64url');
    let tenantId: string;
    if (sandbox) {
      log('creating the demo firm…');
      tenantId = (await db.tenant.create({ data: { name: 'Escritório Demonstração', slug: DEMO_TENANT_SLUG, settings: { create: {} } } })).id;
    } else {
      log('creating the demo firm with synthetic bank data…');
      const seeded = await seedSynthetic({ pool, tenants: 1, transactions: 1500, seed: 2026, concurrency: 1, log: () => undefined });
      tenantId = seeded.tenantIds[0]!;
    }
    const passwordHash = await hashPassword(password);
    const userId = await db.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email: DEMO_EMAIL, name: 'Pessoa Demonstração', passwordHash } });
      await tx.tenant.update({ where: { id: tenantId }, data: { name: 'Escritório Demonstração', slug: DEMO_TENANT_SLUG } });
      await tx.tenantSettings.update({
        where: { tenantId },
        data: { companyName: 'Escritório Demonstração Advogados Associados' },
      });
      await tx.tenantUser.create({
        data: { tenantId, userId: user.id, email: user.email, name: user.name, role: 'OWNER', lastSelectedAt: new Date() },
      });
      return user.id;
    });
    const bank = sandbox ? await connectDemoBank({ databaseUrl, sandbox, tenantId, userId, appUrl, log }) : null;

    mkdirSync(dataDir, { recursive: true });
    writeFileSync(credentialsFile, `e-mail: ${DEMO_EMAIL}\nsenha:  ${password}\n`, { mode: 0o600 });
    log('────────────────────────────────────────────────────────');
    log(`Demo account created (shown once, also in ${credentialsFile}):`);
    log(`  e-mail: ${DEMO_EMAIL}`);
    log(`  senha:  ${password}`);
    log('────────────────────────────────────────────────────────');
    return bank;
  } finally {
    await db.$disconnect();
    await pool.end();
  }
}

export function readDemoCredentials(dataDir = join(process.cwd(), '.data')): { email: string; password: string } | null {
  const file = join(dataDir, 'demo-credentials.txt');
  if (!existsSync(file)) return null;
  const text = readFileSync(file, 'utf8');
  const email = /e-mail:\s*(\S+)/.exec(text)?.[1];
  const password = /senha:\s*(\S+)/.exec(text)?.[1];
  return email && password ? { email, password } : null;
}
