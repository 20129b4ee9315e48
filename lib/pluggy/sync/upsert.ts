// Batched writes of Pluggy data. One statement per batch (a multi-row
// INSERT … ON CONFLICT over unnest()ed column arrays), never one per row:
// keyed by (tenant, Pluggy id), so a replayed page, a retried job or a
// webhook racing a sync all converge on one row. The upsert writes only
// upstream columns: the firm's own (ignored, notes, …) keep their values.
import type { Account } from 'pluggy-sdk';
import { onlyDigits } from '@/lib/documents';
import { amountCents, centsToDecimalString } from '@/lib/pluggy/client/amounts';
import { getPool, getPrisma } from '@/lib/prisma';
import { createUuidV7Generator } from '@/lib/synthetic/uuid';
import type { TransactionRow } from './map';

/** Rows per INSERT: large enough to amortise the round trip, small enough for short locks. */
export const UPSERT_BATCH = 1000;

// Time-ordered ids keep the primary key's inserts at the index's right edge.
const randomUUID = createUuidV7Generator();

async function sql<T = Record<string, unknown>>(text: string, params: unknown[]): Promise<T[]> {
  const pool = getPool();
  if (pool) return (await pool.query(text, params)).rows as T[];
  return getPrisma().$queryRawUnsafe<T[]>(text, ...params);
}

const COLUMNS = [
  ['pluggy_transaction_id', 'text'],
  ['date', 'timestamp'],
  ['description', 'text'],
  ['description_raw', 'text'],
  ['type', '"TransactionType"'],
  ['amount', 'numeric'],
  ['currency_code', 'text'],
  ['balance', 'numeric'],
  ['status', 'text'],
  ['category', 'text'],
  ['category_id', 'text'],
  ['provider_code', 'text'],
  ['operation_type', 'text'],
  ['payment_method', 'text'],
  ['payer_name', 'text'],
  ['payer_document', 'text'],
  ['payer_document_type', 'text'],
  ['receiver_name', 'text'],
  ['reference_number', 'text'],
  ['payment_reason', 'text'],
] as const;

const KEYS: (keyof TransactionRow)[] = [
  'pluggyTransactionId', 'date', 'description', 'descriptionRaw', 'type', 'amount', 'currencyCode', 'balance', 'status',
  'category', 'categoryId', 'providerCode', 'operationType', 'paymentMethod', 'payerName', 'payerDocument',
  'payerDocumentType', 'receiverName', 'referenceNumber', 'paymentReason',
];

// $1 tenant, $2 account, $3 the rows as one jsonb array of arrays: [id,
// ...COLUMNS in order]. One jsonb parameter costs a fraction of twenty-one
// text[] ones: node-pg escapes array literals element by element in
// JavaScript (in the event loop that is also reading Pluggy's pages) and
// the server parses each array literal again — 27–61 ms per 1,000 rows
// against ~13 ms for JSON.stringify + jsonb_array_elements (bench/README,
// bench:sync second round). jsonb, not json: json's ->> parses the element
// again for every column.
const DATA_COLUMNS = COLUMNS.filter(([c]) => c !== 'pluggy_transaction_id');
const UPSERT_SQL = `
INSERT INTO pluggy_transactions (id, tenant_id, pluggy_account_db_id, ${COLUMNS.map(([c]) => c).join(', ')}, created_at, updated_at)
SELECT (u->>0)::uuid, $1::uuid, $2::uuid, ${COLUMNS.map(([, t], i) => `(u->>${i + 1})::${t}`).join(', ')}, now(), now()
  FROM jsonb_array_elements($3::jsonb) AS u
ON CONFLICT (tenant_id, pluggy_transaction_id) DO UPDATE SET
  pluggy_account_db_id = EXCLUDED.pluggy_account_db_id,
  ${DATA_COLUMNS.map(([c]) => `${c} = EXCLUDED.${c}`).join(',\n  ')},
  deleted_at = NULL,
  updated_at = now()
  -- An unchanged row is left alone (no dead tuple, updated_at keeps meaning).
  WHERE pluggy_transactions.deleted_at IS NOT NULL
     OR pluggy_transactions.pluggy_account_db_id IS DISTINCT FROM EXCLUDED.pluggy_account_db_id
     OR (${DATA_COLUMNS.map(([c]) => `pluggy_transactions.${c}`).join(', ')})
        IS DISTINCT FROM (${DATA_COLUMNS.map(([c]) => `EXCLUDED.${c}`).join(', ')})
RETURNING (xmax = 0) AS inserted`;

/** One batch's rows as the statement's JSON parameter. */
function rowsJson(batch: readonly TransactionRow[]): string {
  return JSON.stringify(batch.map((r) => [randomUUID(), ...KEYS.map((k) => r[k])]));
}

export interface UpsertCounts {
  created: number;
  updated: number;
}

/** Upserts one account's rows, in batches of UPSERT_BATCH (each its own statement and commit). */
export async function upsertTransactions(tenantId: string, accountDbId: string, rows: readonly TransactionRow[]): Promise<UpsertCounts> {
  const counts = { created: 0, updated: 0 };
  // The same id twice in one statement is an error for ON CONFLICT: the last one wins.
  const unique = [...new Map(rows.map((r) => [r.pluggyTransactionId, r])).values()];
  for (let i = 0; i < unique.length; i += UPSERT_BATCH) {
    const batch = unique.slice(i, i + UPSERT_BATCH);
    const result = await sql<{ inserted: boolean }>(UPSERT_SQL, [tenantId, accountDbId, rowsJson(batch)]);
    for (const r of result) {
      if (r.inserted) counts.created++;
      else counts.updated++;
    }
  }
  return counts;
}

/** The same write one row per statement: the benchmark's baseline, never used by the app. */
export async function upsertTransactionsRowByRow(tenantId: string, accountDbId: string, rows: readonly TransactionRow[]): Promise<void> {
  for (const r of rows) await sql(UPSERT_SQL, [tenantId, accountDbId, rowsJson([r])]);
}

/** Full sync: the account's rows Pluggy no longer lists are soft-deleted (history kept). */
export async function softDeleteMissing(tenantId: string, accountDbId: string, seenIds: readonly string[]): Promise<number> {
  const rows = await sql<{ n: string }>(
    `WITH gone AS (
       UPDATE pluggy_transactions SET deleted_at = now(), updated_at = now()
        WHERE tenant_id = $1::uuid AND pluggy_account_db_id = $2::uuid AND deleted_at IS NULL
          AND NOT (pluggy_transaction_id = ANY($3::text[]))
       RETURNING 1)
     SELECT count(*)::text AS n FROM gone`,
    [tenantId, accountDbId, seenIds],
  );
  return Number(rows[0]?.n ?? 0);
}

/** transactions/deleted: soft-delete by Pluggy id (unknown ids are simply not there). */
export async function softDeleteByIds(tenantId: string, pluggyIds: readonly string[]): Promise<number> {
  if (!pluggyIds.length) return 0;
  const rows = await sql<{ n: string }>(
    `WITH gone AS (
       UPDATE pluggy_transactions SET deleted_at = now(), updated_at = now()
        WHERE tenant_id = $1::uuid AND pluggy_transaction_id = ANY($2::text[]) AND deleted_at IS NULL
       RETURNING 1)
     SELECT count(*)::text AS n FROM gone`,
    [tenantId, pluggyIds],
  );
  return Number(rows[0]?.n ?? 0);
}

export interface StoredAccount {
  id: string;
  pluggyAccountId: string;
}

/**
 * The item's accounts as Pluggy lists them, upserted (one statement); with
 * `full`, accounts Pluggy no longer lists are soft-deleted. Returns our ids.
 */
export async function upsertAccounts(tenantId: string, itemDbId: string, accounts: readonly Account[], full: boolean): Promise<StoredAccount[]> {
  const cols = accounts.map((a) => {
    const tax = a.taxNumber ? onlyDigits(a.taxNumber) : '';
    return {
      id: randomUUID(),
      pluggyAccountId: a.id,
      type: a.type,
      subtype: a.subtype ?? null,
      name: (a.name || a.marketingName || a.number || 'Conta').slice(0, 160),
      number: a.number ? a.number.slice(0, 60) : null,
      balance: typeof a.balance === 'number' && Number.isFinite(a.balance) ? centsToDecimalString(amountCents(a.balance)) : null,
      currencyCode: (a.currencyCode ?? 'BRL').slice(0, 3),
      ownerName: a.owner ? a.owner.slice(0, 160) : null,
      taxNumber: tax.length === 11 || tax.length === 14 ? tax : null,
    };
  });
  const stored = cols.length
    ? await sql<StoredAccount>(
        `INSERT INTO pluggy_accounts (id, tenant_id, pluggy_item_db_id, pluggy_account_id, type, subtype, name, number, balance,
                                      currency_code, owner_name, tax_number, created_at, updated_at)
         SELECT u.id::uuid, $1::uuid, $2::uuid, u.pid, u.type, u.subtype, u.name, u.number, u.balance::numeric, u.cur, u.owner, u.tax, now(), now()
           FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
             AS u(id, pid, type, subtype, name, number, balance, cur, owner, tax)
         ON CONFLICT (tenant_id, pluggy_account_id) DO UPDATE SET
           pluggy_item_db_id = EXCLUDED.pluggy_item_db_id, type = EXCLUDED.type, subtype = EXCLUDED.subtype,
           name = EXCLUDED.name, number = EXCLUDED.number, balance = EXCLUDED.balance,
           currency_code = EXCLUDED.currency_code, owner_name = EXCLUDED.owner_name, tax_number = EXCLUDED.tax_number,
           deleted_at = NULL, updated_at = now()
         RETURNING id, pluggy_account_id AS "pluggyAccountId"`,
        [
          tenantId, itemDbId,
          cols.map((c) => c.id), cols.map((c) => c.pluggyAccountId), cols.map((c) => c.type), cols.map((c) => c.subtype),
          cols.map((c) => c.name), cols.map((c) => c.number), cols.map((c) => c.balance), cols.map((c) => c.currencyCode),
          cols.map((c) => c.ownerName), cols.map((c) => c.taxNumber),
        ],
      )
    : [];
  if (full) {
    await sql(
      `UPDATE pluggy_accounts SET deleted_at = now(), updated_at = now()
        WHERE tenant_id = $1::uuid AND pluggy_item_db_id = $2::uuid AND deleted_at IS NULL AND NOT (pluggy_account_id = ANY($3::text[]))`,
      [tenantId, itemDbId, accounts.map((a) => a.id)],
    );
  }
  return stored;
}
