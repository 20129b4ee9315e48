// PostgreSQL restarted in the middle of a sync (an embedded server of this
// file's own, stopped and started again on the same port and data; never
// the suite's shared server): the `pluggy.sync` job waits for the database,
// carries on, and ends with exactly the sandbox's rows — amounts to the
// cent, no duplicates — in its first attempt.
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@/lib/db/embedded';
import { createScratchDatabase } from '@/lib/db/test-database';
import { resetEnvCache } from '@/lib/env';
import { stopBoss } from '@/lib/jobs/boss';
import { enqueue } from '@/lib/jobs/enqueue';
import { startJobWorkers } from '@/lib/jobs/workers';
import { amountCents, SANDBOX_CLIENT } from '@/lib/pluggy/client';
import { bindItem } from '@/lib/pluggy/items/bind-item';
import { pluggySyncJob } from '@/lib/pluggy/sync/sync-job';
import { getPrisma } from '@/lib/prisma';
import { updateSettings } from '@/lib/settings/settings';
import { startPluggySandbox, type PluggySandbox } from '@/tools/pluggy-sandbox/server';
import { waitFor, waitForState } from '@/test/jobs';

const baseDir = mkdtempSync(join(tmpdir(), 'concilia-sync-restart-'));
chmodSync(baseDir, 0o777);
let server: EmbeddedPostgres;
let url: string;
let sb: PluggySandbox;
const saved = { db: process.env.DATABASE_URL, api: process.env.PLUGGY_API_URL };

beforeAll(async () => {
  server = await startEmbeddedPostgres({ baseDir, database: 'postgres' });
  url = (await createScratchDatabase(server.url, { prefix: 'sync_restart' })).url;
  // This file's process-wide client and job queue live on the embedded server.
  process.env.DATABASE_URL = url;
  // 3,000 rows in pages of 100: a sync of a few dozen pages to interrupt.
  sb = await startPluggySandbox({ updateDelayMs: 5, pageSize: 100, rateLimits: false, defaultFirm: { seed: 77, anchorDate: '2026-11-30', transactions: 3000 } });
  process.env.PLUGGY_API_URL = sb.url;
  resetEnvCache();
}, 180_000);

afterAll(async () => {
  await stopBoss({ timeoutMs: 1000 }).catch(() => undefined);
  await sb?.close();
  await server?.stop();
  for (const [k, v] of [['DATABASE_URL', saved.db], ['PLUGGY_API_URL', saved.api]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
  rmSync(baseDir, { recursive: true, force: true });
}, 60_000);

/** A short-lived connection of the test's own (the app's pool must find its own way back). */
async function query<T extends pg.QueryResultRow>(text: string, params: unknown[]): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text, params)).rows;
  } finally {
    await c.end();
  }
}

describe('a PostgreSQL restart mid-sync', () => {
  it('the sync waits for the database, carries on and stores exactly the sandbox data, once', async () => {
    const db = getPrisma();
    const t = await db.tenant.create({ data: { name: 'Escritório Restart', slug: `restart-${randomUUID().slice(0, 8)}`, settings: { create: {} } } });
    const u = await db.user.create({ data: { email: `restart-${randomUUID().slice(0, 8)}@test.local`, name: 'Dona' } });
    await db.tenantUser.create({ data: { tenantId: t.id, userId: u.id, email: u.email, role: 'OWNER' } });
    await updateSettings(db, { tenantId: t.id, actorId: u.id, input: { pluggyClientId: SANDBOX_CLIENT.clientId, pluggyClientSecret: SANDBOX_CLIENT.clientSecret } });
    const item = sb.control.createItem({ user: 'user-ok', password: 'password-ok' });
    await sb.control.waitForItem(item.id, 60_000);
    await bindItem(db, { tenantId: t.id, actorId: u.id }, item.id);
    await startJobWorkers({ jobs: [pluggySyncJob], pollingIntervalSeconds: 0.5 });

    const jobId = await enqueue(pluggySyncJob, { tenantId: t.id, full: true, actorId: null });
    // Some pages are stored…
    await waitFor('first rows stored', async () => (await query<{ n: number }>('SELECT count(*)::int AS n FROM pluggy_transactions WHERE tenant_id = $1', [t.id]))[0]!.n > 0, 60_000);
    // …then Pluggy makes the sync wait two seconds (a 429), and the database restarts meanwhile.
    sb.control.failNext({ status: 429, retryAfter: 2, path: '/v2/transactions' });
    const port = server.port;
    await server.stop();
    const pagesBeforeStop = sb.requests.filter((r) => r.path === '/v2/transactions').length;
    await new Promise((r) => setTimeout(r, 1500));
    server = await startEmbeddedPostgres({ baseDir, database: 'postgres', port });

    const job = await waitForState(pluggySyncJob.name, jobId, ['completed', 'failed'], 120_000);
    expect(job.state, JSON.stringify(job)).toBe('completed');
    expect(job.attempts).toBe(1);
    // The sync had not finished when the database went away.
    expect(sb.requests.filter((r) => r.path === '/v2/transactions').length).toBeGreaterThan(pagesBeforeStop);

    const remote = sb.control
      .accounts(item.id)
      .flatMap((a) => sb.control.transactions(a.id))
      .map((x) => [x.id, x.date.slice(0, 10), amountCents(x.amount)] as const)
      .sort((a, b) => a[0].localeCompare(b[0]));
    const stored = (await query<{ id: string; day: string; amount: string }>(
      `SELECT pluggy_transaction_id AS id, to_char(date, 'YYYY-MM-DD') AS day, amount::text AS amount
         FROM pluggy_transactions WHERE tenant_id = $1 AND deleted_at IS NULL ORDER BY pluggy_transaction_id`,
      [t.id],
    )).map((r) => [r.id, r.day, Math.round(Number(r.amount) * 100)] as const);
    expect(remote.length).toBeGreaterThanOrEqual(3000);
    expect(stored).toEqual(remote);
    const [{ n, d }] = await query<{ n: number; d: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT pluggy_transaction_id)::int AS d FROM pluggy_transactions WHERE tenant_id = $1',
      [t.id],
    ) as [{ n: number; d: number }];
    expect(n).toBe(d);
    expect(n).toBe(remote.length);
    const [audit] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_logs WHERE tenant_id = $1 AND action = 'pluggy.sync_completed'`, [t.id]);
    expect(audit!.n).toBe(1);
  }, 240_000);
});
