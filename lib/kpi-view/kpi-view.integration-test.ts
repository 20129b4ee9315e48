// mv_tenant_kpis on the shared test database. Other files may refresh the
// view at the same time, so refreshes here retry while coalesced (skipped).
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, testDb } from '@/test/db';
import {
  getKpisForTenant,
  getKpiViewAsOf,
  KPI_REFRESH_LOCK_KEY,
  refreshKpiView,
  type KpiConnection,
  type TenantKpi,
} from '@/lib/kpi-view';

const { db, pool } = testDb();

async function refreshNow(conn: KpiConnection = pool) {
  for (let i = 0; i < 100; i++) {
    const r = await refreshKpiView(conn);
    if (!r.skipped) return r;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error('refresh kept being skipped');
}

type Row = { date: string; amount: string; ignored?: boolean };

async function tenantWithTransactions(rows: Row[]): Promise<string> {
  const tenant = await createTenant(db);
  const item = await db.pluggyItem.create({ data: { tenantId: tenant.id, pluggyItemId: randomUUID() } });
  const account = await db.pluggyAccount.create({
    data: { tenantId: tenant.id, pluggyItemDbId: item.id, pluggyAccountId: randomUUID(), type: 'BANK', name: 'Conta Corrente' },
  });
  await pool.query(
    `INSERT INTO pluggy_transactions (id, tenant_id, pluggy_account_db_id, pluggy_transaction_id, date, description, type, amount, ignored, updated_at)
     SELECT gen_random_uuid(), $1, $2, gen_random_uuid()::text, d::timestamp, 'PIX RECEBIDO - TESTE',
            (CASE WHEN a::numeric < 0 THEN 'DEBIT' ELSE 'CREDIT' END)::"TransactionType", a::numeric, i, now()
       FROM unnest($3::text[], $4::text[], $5::boolean[]) AS t(d, a, i)`,
    [tenant.id, account.id, rows.map((r) => r.date), rows.map((r) => r.amount), rows.map((r) => r.ignored ?? false)],
  );
  return tenant.id;
}

// The reference: the same GROUP BY straight from pluggy_transactions.
async function directKpis(tenantId: string): Promise<TenantKpi[]> {
  const { rows } = await pool.query<TenantKpi>(
    `SELECT to_char(date_trunc('month', date), 'YYYY-MM') AS "month", type::text AS "type",
            count(*)::int AS "txCount", round(sum(CASE WHEN type = 'CREDIT' THEN abs(amount) ELSE -abs(amount) END), 2)::text AS "totalAmount",
            round(avg(CASE WHEN type = 'CREDIT' THEN abs(amount) ELSE -abs(amount) END), 2)::text AS "avgAmount", count(*) FILTER (WHERE NOT ignored)::int AS "activeTxCount",
            round(coalesce(sum(CASE WHEN type = 'CREDIT' THEN abs(amount) ELSE -abs(amount) END) FILTER (WHERE NOT ignored), 0), 2)::text AS "activeTotalAmount"
       FROM pluggy_transactions WHERE tenant_id = $1 AND deleted_at IS NULL GROUP BY 1, 2 ORDER BY 1, 2`,
    [tenantId],
  );
  return rows;
}

let tenantA: string;
let tenantB: string;

beforeAll(async () => {
  tenantA = await tenantWithTransactions([
    // Month edges: the bucket is the UTC booking date, whatever the session TimeZone.
    { date: '2026-01-01', amount: '1500.00' },
    { date: '2026-01-31', amount: '0.01' },
    { date: '2026-01-31', amount: '-250.10' },
    { date: '2026-02-01', amount: '2000.00' },
    { date: '2026-02-10', amount: '999.99', ignored: true },
    { date: '2026-02-11', amount: '-0.01' },
    // All ignored: active total must be 0.00, not null.
    { date: '2026-03-05', amount: '-89.90', ignored: true },
    { date: '2025-12-31', amount: '123456789012.34' },
    { date: '2025-12-15', amount: '0.01' },
  ]);
  tenantB = await tenantWithTransactions([
    { date: '2026-01-15', amount: '333.33' },
    { date: '2026-01-16', amount: '333.33' },
    { date: '2026-01-17', amount: '333.34' },
    { date: '2026-02-20', amount: '-1200.00' },
  ]);
  await refreshNow();
});

afterAll(async () => {
  await db.$disconnect();
});

describe('refreshKpiView', () => {
  it('refreshes concurrently and the view equals a direct aggregate, row by row', async () => {
    const result = await refreshNow();
    expect(result).toMatchObject({ skipped: false, concurrent: true });
    if (!result.skipped) expect(result.elapsedMs).toBeGreaterThanOrEqual(0);
    const cols = `tenant_id::text AS t, to_char(m, 'YYYY-MM') AS month, type::text AS type, n, total::text AS total, avg::text AS avg, an, at::text AS at`;
    const { rows: view } = await pool.query(
      `SELECT ${cols} FROM (SELECT tenant_id, month AS m, type, tx_count AS n, total_amount AS total, avg_amount AS avg,
              active_tx_count AS an, active_total_amount AS at FROM mv_tenant_kpis WHERE tenant_id = ANY($1::uuid[])) v
        ORDER BY 1, 2, 3`,
      [[tenantA, tenantB]],
    );
    const { rows: direct } = await pool.query(
      `SELECT ${cols} FROM (SELECT tenant_id, date_trunc('month', date) AS m, type, count(*)::int AS n, sum(CASE WHEN type = 'CREDIT' THEN abs(amount) ELSE -abs(amount) END) AS total,
              avg(CASE WHEN type = 'CREDIT' THEN abs(amount) ELSE -abs(amount) END) AS avg, count(*) FILTER (WHERE NOT ignored)::int AS an, sum(CASE WHEN type = 'CREDIT' THEN abs(amount) ELSE -abs(amount) END) FILTER (WHERE NOT ignored) AS at
         FROM pluggy_transactions WHERE tenant_id = ANY($1::uuid[]) AND deleted_at IS NULL GROUP BY 1, 2, 3) d ORDER BY 1, 2, 3`,
      [[tenantA, tenantB]],
    );
    expect(view.length).toBe(8);
    expect(view).toEqual(direct);
  });

  it('picks up new transactions on the next refresh', async () => {
    const tenant = await tenantWithTransactions([{ date: '2026-04-01', amount: '10.00' }]);
    await refreshNow();
    expect(await getKpisForTenant(pool, tenant)).toEqual(await directKpis(tenant));
  });

  it('is not blocked by readers, and readers are not blocked by a refresh', async () => {
    const reader = await pool.connect();
    const refresher = await pool.connect();
    const other = await pool.connect();
    try {
      // A long dashboard read holds ACCESS SHARE on the view…
      await reader.query('BEGIN');
      await reader.query('SELECT count(*) FROM mv_tenant_kpis');
      // …which a plain REFRESH would wait for (proves the lock is real)…
      await other.query("SET lock_timeout = '200ms'");
      await expect(other.query('REFRESH MATERIALIZED VIEW mv_tenant_kpis')).rejects.toMatchObject({ code: '55P03' });
      // …but the concurrent refresh goes through.
      expect(await refreshNow()).toMatchObject({ skipped: false, concurrent: true });
      await reader.query('COMMIT');

      // While a concurrent refresh is in flight (held open here), reads answer.
      await refresher.query('BEGIN');
      await refresher.query('REFRESH MATERIALIZED VIEW CONCURRENTLY mv_tenant_kpis');
      await other.query("SET lock_timeout = '1s'");
      const { rows } = await other.query<{ n: number }>('SELECT count(*)::int AS n FROM mv_tenant_kpis WHERE tenant_id = $1', [tenantA]);
      expect(rows[0]!.n).toBe(6);
      expect(await getKpisForTenant(pool, tenantB)).toEqual(await directKpis(tenantB));
      await refresher.query('COMMIT');
    } finally {
      await reader.query('ROLLBACK').catch(() => undefined);
      await refresher.query('ROLLBACK').catch(() => undefined);
      await other.query('RESET lock_timeout').catch(() => undefined);
      reader.release();
      refresher.release();
      other.release();
    }
  });

  it('coalesces: a second caller returns skipped instead of queueing', async () => {
    const holder = await pool.connect();
    try {
      await holder.query('BEGIN');
      const { rows } = await holder.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1::bigint) AS ok', [
        String(KPI_REFRESH_LOCK_KEY),
      ]);
      // Another file may be refreshing right now; wait for our turn.
      let got = rows[0]!.ok;
      while (!got) {
        await new Promise((r) => setTimeout(r, 50));
        got = (await holder.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1::bigint) AS ok', [String(KPI_REFRESH_LOCK_KEY)])).rows[0]!.ok;
      }
      const started = performance.now();
      expect(await refreshKpiView(pool)).toEqual({ skipped: true });
      expect(await refreshKpiView(db)).toEqual({ skipped: true });
      expect(performance.now() - started).toBeLessThan(5000);
    } finally {
      await holder.query('COMMIT');
      holder.release();
    }
    // The lock is transaction-scoped: gone with the COMMIT above.
    expect((await refreshNow()).skipped).toBe(false);
  });

  it('works through Prisma too', async () => {
    expect(await refreshNow(db)).toMatchObject({ skipped: false, concurrent: true });
  });

  it('records refreshes in the log table when one is configured', async () => {
    // A temp table on a one-connection pool: nothing leaks into the shared schema.
    const single = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
    try {
      await single.query(`CREATE TEMP TABLE kpi_view_refreshes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        view_name varchar(63) NOT NULL, refreshed_at timestamptz(3) NOT NULL, elapsed_ms integer NOT NULL, concurrent boolean NOT NULL)`);
      expect(await getKpiViewAsOf(single)).toBeNull();
      expect(await getKpiViewAsOf(single, { logTable: 'kpi_view_refreshes' })).toBeNull();
      let result = await refreshKpiView(single, { logTable: 'kpi_view_refreshes' });
      while (result.skipped) result = await refreshKpiView(single, { logTable: 'kpi_view_refreshes' });
      const asOf = await getKpiViewAsOf(single, { logTable: 'kpi_view_refreshes' });
      expect(asOf?.getTime()).toBe(result.refreshedAt.getTime());
      expect(Math.abs(Date.now() - asOf!.getTime())).toBeLessThan(60_000);
    } finally {
      await single.end();
    }
    await expect(getKpiViewAsOf(pool, { logTable: 'bad"name' })).rejects.toThrow(/invalid table name/);
  });
});

describe('credit-card rows (Pluggy sends purchases as positive DEBITs, bill payments as negative CREDITs)', () => {
  it('takes direction from the type, not from the stored sign', async () => {
    const tenant = await createTenant(db);
    const item = await db.pluggyItem.create({ data: { tenantId: tenant.id, pluggyItemId: randomUUID() } });
    const card = await db.pluggyAccount.create({
      data: { tenantId: tenant.id, pluggyItemDbId: item.id, pluggyAccountId: randomUUID(), type: 'CREDIT', subtype: 'CREDIT_CARD', name: 'Cartão Empresarial' },
    });
    const rows = [
      { type: 'DEBIT', amount: '88.29' }, // purchase, stored positive
      { type: 'DEBIT', amount: '-11.71' }, // a purchase stored the bank way
      { type: 'CREDIT', amount: '-500.00' }, // bill payment received on the card, stored negative
      { type: 'CREDIT', amount: '20.00', ignored: true }, // refund, ignored
    ];
    await pool.query(
      `INSERT INTO pluggy_transactions (id, tenant_id, pluggy_account_db_id, pluggy_transaction_id, date, description, type, amount, ignored, updated_at)
       SELECT gen_random_uuid(), $1, $2, gen_random_uuid()::text, '2026-04-10'::timestamp, 'KALUNGA', t::"TransactionType", a::numeric, i, now()
         FROM unnest($3::text[], $4::text[], $5::boolean[]) AS u(t, a, i)`,
      [tenant.id, card.id, rows.map((r) => r.type), rows.map((r) => r.amount), rows.map((r) => r.ignored ?? false)],
    );
    await refreshNow();
    expect(await getKpisForTenant(pool, tenant.id)).toEqual([
      { month: '2026-04', type: 'CREDIT', txCount: 2, totalAmount: '520.00', avgAmount: '260.00', activeTxCount: 1, activeTotalAmount: '500.00' },
      { month: '2026-04', type: 'DEBIT', txCount: 2, totalAmount: '-100.00', avgAmount: '-50.00', activeTxCount: 2, activeTotalAmount: '-100.00' },
    ]);
  });
});

describe('getKpisForTenant', () => {
  it('returns exact money strings computed like a direct aggregate', async () => {
    const kpis = await getKpisForTenant(pool, tenantA);
    expect(kpis).toEqual(await directKpis(tenantA));
    expect(kpis.find((k) => k.month === '2026-03')).toEqual({
      month: '2026-03', type: 'DEBIT', txCount: 1, totalAmount: '-89.90', avgAmount: '-89.90', activeTxCount: 0, activeTotalAmount: '0.00',
    });
    expect(kpis.find((k) => k.month === '2025-12')).toMatchObject({ totalAmount: '123456789012.35', avgAmount: '61728394506.18' });
    const feb = kpis.filter((k) => k.month === '2026-02');
    expect(feb).toEqual([
      // 1499.995 rounds half away from zero.
      { month: '2026-02', type: 'CREDIT', txCount: 2, totalAmount: '2999.99', avgAmount: '1500.00', activeTxCount: 1, activeTotalAmount: '2000.00' },
      { month: '2026-02', type: 'DEBIT', txCount: 1, totalAmount: '-0.01', avgAmount: '-0.01', activeTxCount: 1, activeTotalAmount: '-0.01' },
    ]);
  });

  it('never returns another tenant\'s rows', async () => {
    const a = await getKpisForTenant(pool, tenantA);
    const b = await getKpisForTenant(db, tenantB);
    expect(b).toEqual(await directKpis(tenantB));
    expect(b).toEqual([
      { month: '2026-01', type: 'CREDIT', txCount: 3, totalAmount: '1000.00', avgAmount: '333.33', activeTxCount: 3, activeTotalAmount: '1000.00' },
      { month: '2026-02', type: 'DEBIT', txCount: 1, totalAmount: '-1200.00', avgAmount: '-1200.00', activeTxCount: 1, activeTotalAmount: '-1200.00' },
    ]);
    expect(a.some((k) => k.totalAmount === '1000.00' && k.month === '2026-01')).toBe(false);
    expect(await getKpisForTenant(pool, randomUUID())).toEqual([]);
    expect(await getKpisForTenant(db, (await createTenant(db)).id)).toEqual([]);
  });

  it('filters by month and gives the same answer through Prisma and pg', async () => {
    const jan = await getKpisForTenant(pool, tenantA, '2026-01');
    expect(jan.map((k) => [k.month, k.type, k.txCount])).toEqual([
      ['2026-01', 'CREDIT', 2],
      ['2026-01', 'DEBIT', 1],
    ]);
    expect(await getKpisForTenant(db, tenantA, '2026-01')).toEqual(jan);
    expect(await getKpisForTenant(db, tenantA)).toEqual(await getKpisForTenant(pool, tenantA));
    expect(await getKpisForTenant(pool, tenantA, '2027-01')).toEqual([]);
  });

  it('rejects malformed input before querying', async () => {
    await expect(getKpisForTenant(pool, 'not-a-uuid')).rejects.toThrow(TypeError);
    await expect(getKpisForTenant(pool, tenantA, '2026-13')).rejects.toThrow(TypeError);
    await expect(getKpisForTenant(pool, tenantA, '2026-1')).rejects.toThrow(TypeError);
  });
});
