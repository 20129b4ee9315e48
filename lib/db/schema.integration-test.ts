// Constraints the database itself guarantees: per-tenant uniqueness of
// external ids, range checks, the one-confirmed-match-per-receivable rule,
// and delete behaviour that never destroys reconciliation history.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createFirm } from '@/test/fixtures';
import { createTenant, testDb } from '@/test/db';

const { db, pool } = testDb();

async function rejects(p: Promise<unknown>, pattern: RegExp) {
  await expect(p).rejects.toThrow(pattern);
}

describe('per-tenant uniqueness of external ids', () => {
  it('the same Pluggy ids may exist in two tenants but not twice in one', async () => {
    const a = await createTenant(db);
    const b = await createTenant(db);
    const pluggyItemId = randomUUID();
    await db.pluggyItem.create({ data: { tenantId: a.id, pluggyItemId } });
    await db.pluggyItem.create({ data: { tenantId: b.id, pluggyItemId } });
    await rejects(db.pluggyItem.create({ data: { tenantId: a.id, pluggyItemId } }), /Unique constraint/);

    const eventId = randomUUID();
    await db.pluggyWebhookEvent.create({ data: { tenantId: a.id, eventId, event: 'item/updated', payload: {} } });
    await db.pluggyWebhookEvent.create({ data: { tenantId: b.id, eventId, event: 'item/updated', payload: {} } });
    await rejects(
      db.pluggyWebhookEvent.create({ data: { tenantId: a.id, eventId, event: 'item/updated', payload: {} } }),
      /Unique constraint/,
    );

    const whId = randomUUID();
    await db.pluggyWebhook.create({ data: { tenantId: a.id, pluggyWebhookId: whId, event: 'all', url: 'https://x.example/wh' } });
    await db.pluggyWebhook.create({ data: { tenantId: b.id, pluggyWebhookId: whId, event: 'all', url: 'https://x.example/wh' } });
    await rejects(
      db.pluggyWebhook.create({ data: { tenantId: a.id, pluggyWebhookId: whId, event: 'all', url: 'https://x.example/wh' } }),
      /Unique constraint/,
    );
  });

  it('accounts and transactions are unique per tenant', async () => {
    const f = await createFirm(db);
    const g = await createFirm(db);
    const acc = await db.pluggyAccount.findUniqueOrThrow({ where: { id: f.accountId } });
    await rejects(
      db.pluggyAccount.create({
        data: { tenantId: f.tenantId, pluggyItemDbId: f.itemId, pluggyAccountId: acc.pluggyAccountId, type: 'BANK', name: 'x' },
      }),
      /Unique constraint/,
    );
    await db.pluggyAccount.create({
      data: { tenantId: g.tenantId, pluggyItemDbId: g.itemId, pluggyAccountId: acc.pluggyAccountId, type: 'BANK', name: 'x' },
    });
    const tx = await db.pluggyTransaction.findUniqueOrThrow({ where: { id: f.transactionIds[0]! } });
    const dup = {
      pluggyTransactionId: tx.pluggyTransactionId,
      date: new Date(),
      description: 'x',
      type: 'CREDIT' as const,
      amount: '1.00',
    };
    await rejects(db.pluggyTransaction.create({ data: { ...dup, tenantId: f.tenantId, pluggyAccountDbId: f.accountId } }), /Unique constraint/);
    await db.pluggyTransaction.create({ data: { ...dup, tenantId: g.tenantId, pluggyAccountDbId: g.accountId } });
  });

  it('one membership per (tenant, user) and one mapping per (tenant, payer document)', async () => {
    const t = await createTenant(db);
    await db.tenantUser.create({ data: { tenantId: t.id, userId: 'user_abc', role: 'MEMBER' } });
    await rejects(db.tenantUser.create({ data: { tenantId: t.id, userId: 'user_abc', role: 'VIEWER' } }), /Unique constraint/);
    await db.clientMapping.create({ data: { tenantId: t.id, payerDocument: '52998224725', advboxCustomerId: '1', createdBy: 'u' } });
    await rejects(
      db.clientMapping.create({ data: { tenantId: t.id, payerDocument: '52998224725', advboxCustomerId: '2', createdBy: 'u' } }),
      /Unique constraint/,
    );
  });
});

describe('check constraints', () => {
  it('weights must each lie in 0-100 and sum to 100', async () => {
    const t = await createTenant(db);
    await rejects(db.tenantSettings.update({ where: { tenantId: t.id }, data: { weightDocument: 50 } }), /weights_sum_check/);
    await rejects(
      db.tenantSettings.update({
        where: { tenantId: t.id },
        data: { weightDocument: 120, weightName: -20, weightContact: 0, weightAmount: 0, weightDate: 0 },
      }),
      /weights_range_check/,
    );
    await db.tenantSettings.update({
      where: { tenantId: t.id },
      data: { weightDocument: 100, weightName: 0, weightContact: 0, weightAmount: 0, weightDate: 0 },
    });
  });

  it('thresholds in 0-100 with medium < high', async () => {
    const t = await createTenant(db);
    await rejects(db.tenantSettings.update({ where: { tenantId: t.id }, data: { thresholdMedium: 90 } }), /thresholds_check/);
    await rejects(db.tenantSettings.update({ where: { tenantId: t.id }, data: { thresholdHigh: 101 } }), /thresholds_check/);
  });

  it('documents are digits only, slugs are well-formed, undo needs who and when', async () => {
    const f = await createFirm(db);
    await rejects(
      db.pluggyTransaction.update({ where: { id: f.transactionIds[0]! }, data: { payerDocument: '123.456.789-09' } }),
      /payer_document_check/,
    );
    await rejects(db.tenant.create({ data: { name: 'x', slug: 'Não Vale' } }), /slug_format_check/);
    await rejects(
      db.reconciliationRecord.update({ where: { id: f.reconciliationId }, data: { status: 'UNDONE' } }),
      /undo_check/,
    );
  });
});

describe('reconciliation history', () => {
  it('a receivable is confirmed against at most one bank credit at a time', async () => {
    const f = await createFirm(db);
    const rec = await db.reconciliationRecord.findUniqueOrThrow({ where: { id: f.reconciliationId } });
    const second = {
      tenantId: f.tenantId,
      pluggyTransactionDbId: f.transactionIds[2]!,
      advboxTransactionId: rec.advboxTransactionId,
      amount: '800.55',
      score: '70',
      datePaid: new Date(Date.UTC(2026, 9, 12)),
      confirmedBy: f.users.MEMBER.userId,
    };
    await rejects(db.reconciliationRecord.create({ data: second }), /Unique constraint|uq_recon_active_receivable/);
    await db.reconciliationRecord.update({
      where: { id: rec.id },
      data: { status: 'UNDONE', undoneAt: new Date(), undoneBy: f.users.MEMBER.userId },
    });
    const again = await db.reconciliationRecord.create({ data: second });
    expect(again.status).toBe('CONFIRMED');
    // Another firm may use the same Advbox id (ids are per Advbox account).
    const g = await createFirm(db);
    await db.reconciliationRecord.create({
      data: { ...second, tenantId: g.tenantId, pluggyTransactionDbId: g.transactionIds[2]!, confirmedBy: 'x' },
    });
  });

  it('a bank connection, account or transaction with history cannot be hard-deleted', async () => {
    const f = await createFirm(db);
    await rejects(db.pluggyItem.delete({ where: { id: f.itemId } }), /Foreign key|violates/);
    await rejects(db.pluggyAccount.delete({ where: { id: f.accountId } }), /Foreign key|violates/);
    await rejects(db.pluggyTransaction.delete({ where: { id: f.transactionIds[0]! } }), /Foreign key|violates/);
    // Soft delete keeps every row the history points to.
    await db.pluggyItem.update({ where: { id: f.itemId }, data: { deletedAt: new Date() } });
    await db.pluggyAccount.updateMany({ where: { pluggyItemDbId: f.itemId }, data: { deletedAt: new Date() } });
    const rec = await db.reconciliationRecord.findUniqueOrThrow({
      where: { id: f.reconciliationId },
      include: { transaction: { include: { account: { include: { item: true } } } } },
    });
    expect(rec.transaction.account.item.deletedAt).not.toBeNull();
    expect(rec.amount.toFixed(2)).toBe('1500.00');
  });

  it('purging a tenant removes all of its rows and nothing else', async () => {
    const f = await createFirm(db);
    const g = await createFirm(db);
    await db.tenant.delete({ where: { id: f.tenantId } });
    for (const table of ['tenant_users', 'pluggy_items', 'pluggy_accounts', 'pluggy_transactions', 'reconciliation_records', 'notifications', 'audit_logs', 'tenant_settings']) {
      const { rows } = await pool.query(`SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = $1`, [f.tenantId]);
      expect(rows[0].n, table).toBe(0);
      const other = await pool.query(`SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = $1`, [g.tenantId]);
      expect(other.rows[0].n, table).toBeGreaterThan(0);
    }
  });
});

describe('money', () => {
  it('amounts are exact decimals to the cent', async () => {
    const f = await createFirm(db);
    const t = await db.pluggyTransaction.create({
      data: {
        tenantId: f.tenantId,
        pluggyAccountDbId: f.accountId,
        pluggyTransactionId: randomUUID(),
        date: new Date(Date.UTC(2026, 0, 1)),
        description: 'x',
        type: 'CREDIT',
        amount: '999999999999.99',
      },
    });
    expect(t.amount.toFixed(2)).toBe('999999999999.99');
    const { rows } = await pool.query(
      `SELECT sum(amount)::text AS s FROM pluggy_transactions WHERE tenant_id = $1 AND amount IN (0.1, 0.2)`,
      [f.tenantId],
    );
    expect(rows[0].s).toBeNull();
  });
});
