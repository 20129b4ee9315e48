import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { freePort } from '@/lib/db/embedded';
import { createScratchDatabase, findTestServer } from '@/lib/db/test-database';
import { privateCheckout, resultOf } from '@/test/private-checkout';

describe('where npm test finds PostgreSQL', () => {
  it('uses DATABASE_URL when given', async () => {
    const s = await findTestServer('/nowhere', { databaseUrl: 'postgresql://x@h/db' });
    expect(s).toEqual({ adminUrl: 'postgresql://x@h/db', source: 'DATABASE_URL' });
  });

  it('uses the local server when it answers', async () => {
    // This run's server stands in for 127.0.0.1:5432, which a machine may not have.
    const s = await findTestServer('/nowhere', { databaseUrl: null, local: inject('adminDatabaseUrl') });
    expect(s).toEqual({ adminUrl: inject('adminDatabaseUrl'), source: 'local' });
  });

  it('falls back to an embedded server, where scratch databases work', async () => {
    const root = mkdtempSync(join(tmpdir(), 'concilia-embedded-test-'));
    chmodSync(root, 0o755);
    const closed = `postgresql://postgres@127.0.0.1:${await freePort()}/postgres`;
    const s = await findTestServer(root, { databaseUrl: null, local: closed });
    try {
      expect(s.source).toBe('embedded');
      const db = await createScratchDatabase(s.adminUrl, { prefix: 'concilia_emb' });
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      const { rows } = await c.query(`SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`);
      expect(rows[0].n).toBeGreaterThanOrEqual(4);
      await c.end();
      await db.drop();
    } finally {
      await s.embedded?.stop();
      rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);

  // As root the server runs as `postgres`, which cannot enter the checkout's
  // node_modules when the checkout is in a private folder such as /root.
  it.runIf(userInfo().uid === 0)('falls back to an embedded server as root from a checkout in a folder only root can enter', async () => {
    const checkout = privateCheckout();
    try {
      const closed = `postgresql://postgres@127.0.0.1:${await freePort()}/postgres`;
      const { code, output } = await checkout.run(
        `import pg from 'pg';
import { createScratchDatabase, findTestServer } from '@/lib/db/test-database';
const s = await findTestServer(process.cwd(), { databaseUrl: null, local: '${closed}' });
try {
  const db = await createScratchDatabase(s.adminUrl, { prefix: 'concilia_private' });
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  const { rows } = await c.query('SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL');
  await c.end();
  await db.drop();
  console.log('RESULT ' + JSON.stringify({ source: s.source, migrations: rows[0].n, binariesDir: s.embedded?.binariesDir }));
} finally {
  await s.embedded?.stop();
}
`,
        90_000,
      );
      const result = resultOf<{ source: string; migrations: number; binariesDir: string }>(output);
      expect(result, output).toBeDefined();
      expect(code, output).toBe(0);
      expect(result!.source).toBe('embedded');
      expect(result!.migrations).toBeGreaterThanOrEqual(4);
      expect(result!.binariesDir.startsWith(join(checkout.tmp, 'concilia-postgres-binaries') + '/')).toBe(true);
    } finally {
      checkout.remove();
    }
  }, 120_000);

  it('each run works in its own database', () => {
    expect(new URL(inject('databaseUrl')).pathname).toMatch(/^\/concilia_test_/);
  });
});
