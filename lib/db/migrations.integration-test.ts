import { mkdtempSync, mkdirSync, cpSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { applyMigrations, checksumOf, migrationStatus, readLocalMigrations, MigrationError } from '@/lib/db/migrations';
import { createScratchDatabase } from '@/lib/db/test-database';
import { snapshot } from '@/test/catalog';
import { prismaWasm } from '@/test/prisma-wasm';

const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(drops.map((d) => d()));
});

async function scratch(migrate = false) {
  const db = await createScratchDatabase(inject('adminDatabaseUrl'), { prefix: 'concilia_mig', migrate });
  drops.push(db.drop);
  return db;
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

type Row = {
  migration_name: string;
  checksum: string;
  logs: string | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
  finished: boolean;
};
const rowsOf = (url: string) =>
  withClient(url, async (c) =>
    (
      await c.query<Row>(
        `SELECT migration_name, checksum, logs, rolled_back_at, applied_steps_count, finished_at IS NOT NULL AS finished
         FROM "_prisma_migrations" ORDER BY migration_name`,
      )
    ).rows,
  );

describe('migrations', () => {
  it('apply on a fresh database, and a second run is a no-op', async () => {
    const db = await scratch();
    const local = readLocalMigrations();
    expect(local.map((m) => m.name)).toContain('20260221000000_add_performance_indexes');
    const first = await withClient(db.url, (c) => applyMigrations(c));
    expect(first).toEqual(local.map((m) => m.name));
    const second = await withClient(db.url, (c) => applyMigrations(c));
    expect(second).toEqual([]);
    const status = await withClient(db.url, (c) => migrationStatus(c));
    expect(status.pending).toEqual([]);
    expect(status.failed).toEqual([]);
    expect(await rowsOf(db.url)).toHaveLength(local.length);
  });

  it('two processes applying at once do not corrupt anything', async () => {
    const db = await scratch();
    const results = await Promise.all([0, 1, 2].map(() => withClient(db.url, (c) => applyMigrations(c))));
    expect(results.flat().sort()).toEqual(readLocalMigrations().map((m) => m.name));
    const rows = await rowsOf(db.url);
    expect(rows.map((r) => r.migration_name)).toEqual(readLocalMigrations().map((m) => m.name));
  });

  // Runs Prisma's WebAssembly CLI twice (10-15 s each on a busy 2-core machine).
  it('records exactly the rows `prisma migrate deploy` records, and either tool can take over', async () => {
    const ours = await scratch();
    await withClient(ours.url, (c) => applyMigrations(c));
    const theirs = await scratch();
    const deploy = prismaWasm(['migrate', 'deploy'], theirs.url);
    expect(deploy.status, deploy.stdout + deploy.stderr).toBe(0);

    const a = await rowsOf(ours.url);
    const b = await rowsOf(theirs.url);
    expect(a).toEqual(b);
    for (const r of a) {
      expect(r).toMatchObject({ logs: null, rolled_back_at: null, applied_steps_count: 1, finished: true });
    }
    // Prisma's checksum is SHA-256 of the file bytes.
    expect(a.map((r) => r.checksum)).toEqual(readLocalMigrations().map((m) => m.checksum));

    // Prisma sees our database as fully migrated, and we see Prisma's.
    const again = prismaWasm(['migrate', 'deploy'], ours.url);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/No pending migrations/);
    expect(await rowsOf(ours.url)).toEqual(a);
    expect(await withClient(theirs.url, (c) => applyMigrations(c))).toEqual([]);

    // Same resulting schema either way (views and checks included).
    expect(await snapshot(ours.url)).toEqual(await snapshot(theirs.url));
  }, 90_000);

  it('refuses to continue after a failed migration and records the error', async () => {
    const db = await scratch();
    const dir = mkdtempSync(join(tmpdir(), 'concilia-mig-'));
    cpSync(join(process.cwd(), 'prisma/migrations'), dir, { recursive: true });
    mkdirSync(join(dir, '29990101000000_broken'));
    writeFileSync(join(dir, '29990101000000_broken', 'migration.sql'), 'CREATE TABLE broken (id int);\nSELECT no_such_fn();\n');
    await expect(withClient(db.url, (c) => applyMigrations(c, { dir }))).rejects.toBeInstanceOf(MigrationError);
    const failed = (await rowsOf(db.url)).find((r) => r.migration_name === '29990101000000_broken');
    expect(failed?.finished).toBe(false);
    expect(failed?.logs).toMatch(/no_such_fn/);
    // The implicit transaction of the script rolled the CREATE TABLE back.
    const exists = await withClient(db.url, (c) => c.query(`SELECT to_regclass('broken') AS t`));
    expect(exists.rows[0].t).toBeNull();
    await expect(withClient(db.url, (c) => applyMigrations(c, { dir }))).rejects.toThrow(/failed earlier/);
  });

  it('checksums are SHA-256 hex of the bytes', () => {
    expect(checksumOf('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

// Objects the migrations create that schema.prisma cannot express.
const UNMANAGED = {
  indexes: [/^uq_recon_active_receivable:/, /^idx_recon_unfinished:/, /^pluggy_webhook_events_pending_idx:/, /^pluggy_transactions_(import_id|payer_document)_partial_idx:/, /^mv_tenant_kpis_tenant_month_type_key:/, /^_prisma_migrations_pkey:/],
  constraints: [/ c \w+_check: CHECK/, /^_prisma_migrations /],
  columns: [/^_prisma_migrations\./, /^mv_tenant_kpis\./],
};

describe('schema drift', () => {
  it('the migrations produce exactly the schema that schema.prisma describes', async () => {
    const migrated = await scratch(true);
    const fromSchema = await scratch();
    const diff = prismaWasm(['migrate', 'diff', '--from-empty', '--to-schema-datamodel', '{schema}', '--script'], fromSchema.url);
    expect(diff.status, diff.stderr).toBe(0);
    await withClient(fromSchema.url, (c) => c.query(diff.stdout));

    const keep = (list: string[], skip: RegExp[]) => list.filter((s) => !skip.some((r) => r.test(s)));
    const a = await snapshot(migrated.url);
    const b = await snapshot(fromSchema.url);
    // A failure here means schema.prisma and prisma/migrations disagree:
    // add a migration (npm run db:diff prints the SQL to start from).
    expect(keep(a.columns, UNMANAGED.columns)).toEqual(b.columns);
    expect(keep(a.indexes, UNMANAGED.indexes)).toEqual(b.indexes);
    expect(keep(a.constraints, UNMANAGED.constraints)).toEqual(b.constraints);
    expect(a.enums).toEqual(b.enums);
  });

  it('no migration comment contains a semicolon (Prisma WASM engine splits on them)', () => {
    for (const m of readLocalMigrations()) {
      const bad = m.sql.split('\n').filter((l) => /^\s*--.*;/.test(l));
      expect(bad, m.name).toEqual([]);
    }
  });
});
