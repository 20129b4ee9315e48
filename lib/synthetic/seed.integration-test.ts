// Seeder against a scratch database of its own: the 100k-row load would slow
// down and pollute the shared test database.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { isValidCnpj, isValidCpf } from '@/lib/documents';
import { createScratchDatabase } from '@/lib/db/test-database';
import { copyInto } from './copy';
import { seedSynthetic, type SeedStats } from './seed';

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let pool: pg.Pool;
const today = new Date('2026-03-15T12:00:00Z');

beforeAll(async () => {
  scratch = await createScratchDatabase(inject('adminDatabaseUrl'), { prefix: 'concilia_seed' });
  pool = new pg.Pool({ connectionString: scratch.url, max: 4 });
  // DROP ... WITH (FORCE) at the end may still meet a closing connection.
  pool.on('error', () => undefined);
});

afterAll(async () => {
  await pool?.end();
  await scratch?.drop();
});

describe('COPY helper', () => {
  it('round-trips text that needs escaping', async () => {
    const client = await pool.connect();
    try {
      await client.query('CREATE TEMP TABLE copy_probe (a text, b text)');
      const tricky = ['tab\there', 'line\nbreak', 'cr\rx', 'back\\slash', '\\N', 'São João & Cia'];
      const rows = tricky.map((t) => `${t.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!)}\t\\N\n`);
      expect(await copyInto(client, 'copy_probe', ['a', 'b'], rows)).toBe(tricky.length);
      const { rows: back } = await client.query<{ a: string; b: null }>('SELECT a, b FROM copy_probe');
      expect(back.map((r) => r.a).sort()).toEqual([...tricky].sort());
      expect(back.every((r) => r.b === null)).toBe(true);
    } finally {
      client.release();
    }
  });
});

describe('seedSynthetic (small)', () => {
  let stats: SeedStats;
  const lines: string[] = [];

  beforeAll(async () => {
    stats = await seedSynthetic({ pool, tenants: 2, transactions: 2000, seed: 7, today, log: (l) => lines.push(l) });
  });

  it('loads the requested counts, per tenant with settings, items and accounts', async () => {
    expect(stats.tenantIds).toHaveLength(2);
    const { rows } = await pool.query<{ tenants: number; settings: number; items: number; accounts: number; txs: number }>(
      `SELECT (SELECT count(*)::int FROM tenants WHERE id = ANY($1::uuid[])) AS tenants,
              (SELECT count(*)::int FROM tenant_settings WHERE tenant_id = ANY($1::uuid[])) AS settings,
              (SELECT count(*)::int FROM pluggy_items WHERE tenant_id = ANY($1::uuid[])) AS items,
              (SELECT count(*)::int FROM pluggy_accounts WHERE tenant_id = ANY($1::uuid[])) AS accounts,
              (SELECT count(*)::int FROM pluggy_transactions WHERE tenant_id = ANY($1::uuid[])) AS txs`,
      [stats.tenantIds],
    );
    expect(rows[0]).toEqual({ tenants: 2, settings: 2, items: stats.items, accounts: stats.accounts, txs: 2000 });
    expect(stats.items).toBeGreaterThanOrEqual(2);
    expect(stats.phases.map((p) => p.name)).toEqual(['plan', 'tenants', 'transactions', 'analyze', 'refresh mv_tenant_kpis']);
    expect(lines.some((l) => l.includes('rows/s'))).toBe(true);
  });

  it('writes valid documents, dates within two years, and amounts signed by type', async () => {
    const { rows } = await pool.query<{ payer_document: string | null; payer_document_type: string | null; bad_sign: number; too_old: number; future: number }>(
      `SELECT payer_document, payer_document_type,
              count(*) FILTER (WHERE (type = 'CREDIT') <> (amount > 0))::int AS bad_sign,
              count(*) FILTER (WHERE date < timestamp '2024-03-15')::int AS too_old,
              count(*) FILTER (WHERE date > timestamp '2026-03-15')::int AS future
         FROM pluggy_transactions WHERE tenant_id = ANY($1::uuid[])
        GROUP BY payer_document, payer_document_type`,
      [stats.tenantIds],
    );
    let documented = 0;
    for (const r of rows) {
      expect(r.bad_sign + r.too_old + r.future).toBe(0);
      if (r.payer_document === null) continue;
      documented++;
      const valid = r.payer_document_type === 'CPF' ? isValidCpf(r.payer_document) : isValidCnpj(r.payer_document);
      expect(valid, `${r.payer_document_type} ${r.payer_document}`).toBe(true);
    }
    expect(documented).toBeGreaterThan(10);
  });

  it('refreshes mv_tenant_kpis with the new tenants', async () => {
    expect(stats.kpiRefresh.skipped).toBe(false);
    const { rows } = await pool.query<{ n: number }>(
      'SELECT coalesce(sum(tx_count), 0)::int AS n FROM mv_tenant_kpis WHERE tenant_id = ANY($1::uuid[])',
      [stats.tenantIds],
    );
    expect(rows[0]!.n).toBe(2000);
  });

  it('adds a distinct set when run again with the same seed', async () => {
    const again = await seedSynthetic({ pool, tenants: 2, transactions: 10, seed: 7, today });
    expect(again.tenantIds).not.toContain(stats.tenantIds[0]);
    const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM tenants');
    expect(rows[0]!.n).toBe(4);
  });
});

describe('seedSynthetic (100k) and the hot read path', () => {
  let stats: SeedStats;

  beforeAll(async () => {
    stats = await seedSynthetic({ pool, tenants: 20, transactions: 100_000, seed: 42, today });
  }, 120_000);

  it('serves "latest transactions of a tenant" from idx_pluggy_tx_tenant_date_type', async () => {
    const indexNames = (node: unknown): string[] => {
      if (!node || typeof node !== 'object') return [];
      const n = node as Record<string, unknown>;
      const own = typeof n['Index Name'] === 'string' ? [n['Index Name']] : [];
      return [...own, ...Object.values(n).flatMap((v) => (Array.isArray(v) ? v.flatMap(indexNames) : indexNames(v)))];
    };
    // The largest firm is where a sequential scan would be most tempting.
    const { rows: top } = await pool.query<{ tenant_id: string }>(
      `SELECT tenant_id FROM pluggy_transactions WHERE tenant_id = ANY($1::uuid[])
        GROUP BY tenant_id ORDER BY count(*) DESC LIMIT 1`,
      [stats.tenantIds],
    );
    const { rows } = await pool.query<{ 'QUERY PLAN': unknown }>(
      `EXPLAIN (FORMAT JSON) SELECT id, date, description, amount FROM pluggy_transactions
        WHERE tenant_id = $1 ORDER BY date DESC LIMIT 50`,
      [top[0]!.tenant_id],
    );
    expect(indexNames(rows[0]!['QUERY PLAN'])).toContain('idx_pluggy_tx_tenant_date_type');
  });

  it('leaves mv_tenant_kpis equal to a direct aggregate over 100k rows', async () => {
    const columns = `tenant_id::text, to_char(m, 'YYYY-MM') AS month, type::text, n, total::text, avg::text, active_n, active_total::text`;
    const { rows: view } = await pool.query(
      `SELECT ${columns} FROM (SELECT tenant_id, month AS m, type, tx_count AS n, total_amount AS total, avg_amount AS avg,
              active_tx_count AS active_n, active_total_amount AS active_total FROM mv_tenant_kpis
        WHERE tenant_id = ANY($1::uuid[])) v ORDER BY 1, 2, 3`,
      [stats.tenantIds],
    );
    const { rows: direct } = await pool.query(
      `SELECT ${columns} FROM (SELECT tenant_id, date_trunc('month', date) AS m, type, count(*)::int AS n, sum(CASE WHEN type = 'CREDIT' THEN abs(amount) ELSE -abs(amount) END) AS total,
              avg(CASE WHEN type = 'CREDIT' THEN abs(amount) ELSE -abs(amount) END) AS avg, count(*) FILTER (WHERE NOT ignored)::int AS active_n,
              sum(CASE WHEN type = 'CREDIT' THEN abs(amount) ELSE -abs(amount) END) FILTER (WHERE NOT ignored) AS active_total
         FROM pluggy_transactions WHERE tenant_id = ANY($1::uuid[]) AND deleted_at IS NULL GROUP BY 1, 2, 3) d ORDER BY 1, 2, 3`,
      [stats.tenantIds],
    );
    expect(view.length).toBeGreaterThan(20 * 24);
    expect(view).toEqual(direct);
  });
});
