// Everything a firm owns, as one comparable value: used to prove that a
// request from another firm changed nothing.
import type { Pool } from 'pg';

const TABLES = [
  'tenants',
  'tenant_settings',
  'tenant_users',
  'pluggy_items',
  'pluggy_accounts',
  'pluggy_transactions',
  'reconciliation_records',
  'client_mappings',
  'audit_logs',
  'notifications',
  'pluggy_webhooks',
  'pluggy_webhook_events',
  'tenant_invitations',
  'statement_imports',
  'reconciliation_rejections',
  'reconciliation_requests',
];

export async function firmSnapshot(pool: Pool, tenantId: string): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    const col = table === 'tenants' ? 'id' : 'tenant_id';
    const { rows } = await pool.query(`SELECT * FROM ${table} WHERE ${col} = $1 ORDER BY id`, [tenantId]);
    out[table] = rows;
  }
  const reads = await pool.query(
    `SELECT r.* FROM notification_reads r JOIN notifications n ON n.id = r.notification_id WHERE n.tenant_id = $1 ORDER BY 1, 2`,
    [tenantId],
  );
  out.notification_reads = reads.rows;
  const jobs = await pool.query(
    `SELECT id, name, state, retry_count, retry_limit, output, start_after FROM pgboss.job WHERE data->>'tenantId' = $1 ORDER BY id`,
    [tenantId],
  );
  out.jobs = jobs.rows;
  return out;
}

export function firmIds(f: { tenantId: string; itemId: string; accountId: string; transactionIds: string[]; reconciliationId: string; mappingId?: string; statementImportId?: string; notificationIds: string[]; auditLogId: string; invitationId: string; jobId: string; users: Record<string, { userId: string; tenantUserId: string }> }): string[] {
  return [
    f.tenantId,
    f.itemId,
    f.accountId,
    ...f.transactionIds,
    f.reconciliationId,
    ...(f.mappingId ? [f.mappingId] : []),
    ...f.notificationIds,
    f.auditLogId,
    f.invitationId,
    f.jobId,
    ...(f.statementImportId ? [f.statementImportId] : []),
    ...Object.values(f.users).flatMap((u) => [u.userId, u.tenantUserId]),
  ];
}
