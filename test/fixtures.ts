// A small world of two firms for route tests: each has a member of every
// role (with a session), a bank connection with transactions, a confirmed
// reconciliation, notifications, audit entries and a pending invitation.
import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Role } from '@/lib/api/roles';
import { getBoss } from '@/lib/jobs/boss';
import { defineJob } from '@/lib/jobs/define';
import { enqueue } from '@/lib/jobs/enqueue';
import type { Db } from '@/lib/prisma';
import { createTestSession } from '@/test/sessions';
import { uniqueSlug } from '@/test/db';

export interface FirmFixture {
  tenantId: string;
  slug: string;
  users: Record<Role, { userId: string; tenantUserId: string; token: string; email: string }>;
  itemId: string;
  accountId: string;
  transactionIds: string[];
  reconciliationId: string;
  /** A client mapping (payer document → Advbox customer) of the firm. */
  mappingId: string;
  notificationIds: string[];
  auditLogId: string;
  /** A pending invitation of the firm (no account behind it). */
  invitationId: string;
  /** A background job of the firm that failed for good (dead-lettered). */
  jobId: string;
  /** A statement import waiting for confirmation (a preview). */
  statementImportId: string;
}

// No process works this type: its jobs only exist to be listed and retried.
const fixtureJob = defineJob({
  name: 'test.fixture',
  schema: z.strictObject({ tenantId: z.uuid() }),
  retry: { limit: 0 },
  handler: async () => undefined,
});

async function failedJob(tenantId: string): Promise<string> {
  const id = await enqueue(fixtureJob, { tenantId });
  await (await getBoss()).fail(fixtureJob.name, id, { name: 'Error', message: 'Falha simulada na sincronização.' });
  return id;
}

export async function createFirm(db: Db, name = 'Escritório'): Promise<FirmFixture> {
  const slug = uniqueSlug('firm');
  const tenant = await db.tenant.create({ data: { name, slug, settings: { create: {} } } });
  const users = {} as FirmFixture['users'];
  for (const role of ['OWNER', 'ADMIN', 'MEMBER', 'VIEWER'] as const) {
    const email = `${role.toLowerCase()}-${randomBytes(4).toString('hex')}@teste.concilia.local`;
    const user = await db.user.create({ data: { email, name: `Pessoa ${role}` } });
    const tu = await db.tenantUser.create({ data: { tenantId: tenant.id, userId: user.id, email, role } });
    users[role] = { userId: user.id, tenantUserId: tu.id, token: await createTestSession(db, user.id), email };
  }
  const item = await db.pluggyItem.create({
    data: { tenantId: tenant.id, pluggyItemId: randomUUID(), connectorId: 0, connectorName: 'Pluggy Bank', status: 'UPDATED' },
  });
  const account = await db.pluggyAccount.create({
    data: {
      tenantId: tenant.id,
      pluggyItemDbId: item.id,
      pluggyAccountId: randomUUID(),
      type: 'BANK',
      subtype: 'CHECKING_ACCOUNT',
      name: 'Conta Corrente',
      balance: '15234.56',
    },
  });
  const transactionIds: string[] = [];
  for (const [i, amount] of ['1500.00', '-230.10', '800.55'].entries()) {
    const t = await db.pluggyTransaction.create({
      data: {
        tenantId: tenant.id,
        pluggyAccountDbId: account.id,
        pluggyTransactionId: randomUUID(),
        date: new Date(Date.UTC(2026, 9, 10 + i)),
        description: amount.startsWith('-') ? 'PAGAMENTO ALUGUEL' : 'PIX RECEBIDO - CLIENTE TESTE',
        type: amount.startsWith('-') ? 'DEBIT' : 'CREDIT',
        amount,
        paymentMethod: 'PIX',
        payerName: amount.startsWith('-') ? null : 'CLIENTE TESTE',
      },
    });
    transactionIds.push(t.id);
  }
  const recon = await db.reconciliationRecord.create({
    data: {
      tenantId: tenant.id,
      pluggyTransactionDbId: transactionIds[0]!,
      advboxTransactionId: String(17800000 + Math.floor(Math.random() * 99999)),
      advboxCustomerId: '555',
      amount: '1500.00',
      score: '92.50',
      datePaid: new Date(Date.UTC(2026, 9, 10)),
      confirmedBy: users.MEMBER.userId,
    },
  });
  const mapping = await db.clientMapping.create({
    data: { tenantId: tenant.id, payerDocument: '52998224725', advboxCustomerId: '555', advboxCustomerName: 'CLIENTE TESTE', createdBy: users.MEMBER.userId },
  });
  const n1 = await db.notification.create({ data: { tenantId: tenant.id, type: 'info', title: 'Aviso geral' } });
  const n2 = await db.notification.create({
    data: { tenantId: tenant.id, userId: users.VIEWER.userId, type: 'info', title: 'Aviso pessoal' },
  });
  const invitation = await db.tenantInvitation.create({
    data: {
      tenantId: tenant.id,
      email: `convidada-${randomBytes(4).toString('hex')}@teste.concilia.local`,
      role: 'VIEWER',
      tokenHash: randomBytes(32).toString('hex'),
      invitedBy: users.ADMIN.userId,
      expiresAt: new Date(Date.now() + 7 * 24 * 60 * 60 * 1000),
    },
  });
  // Statement import: a preview waiting for confirmation. On the firm's
  // account so that no extra (manual) account changes the firm's listings.
  const statementImport = await db.statementImport.create({
    data: {
      tenantId: tenant.id,
      accountId: account.id,
      format: 'ofx',
      fileName: 'extrato-marco.ofx',
      fileSha256: randomBytes(32).toString('hex'),
      fileBytes: 1234,
      encoding: 'windows-1252',
      rows: [{ id: `stmt:${randomBytes(16).toString('hex')}`, line: 30, date: '2026-10-05', cents: 42000, description: 'PIX RECEBIDO FIXTURE', fitid: 'FX1', check: null, name: null, memo: null, balance: null }],
      rowCount: 1,
      newCount: 1,
      existingCount: 0,
      creditTotal: '420.00',
      debitTotal: '0.00',
      createdBy: users.MEMBER.userId,
    },
  });
  const audit = await db.auditLog.create({
    data: { tenantId: tenant.id, actorId: users.OWNER.userId, action: 'fixture.created', entityType: 'tenant', entityId: tenant.id },
  });
  return {
    tenantId: tenant.id,
    slug,
    users,
    itemId: item.id,
    accountId: account.id,
    transactionIds,
    reconciliationId: recon.id,
    mappingId: mapping.id,
    notificationIds: [n1.id, n2.id],
    auditLogId: audit.id,
    invitationId: invitation.id,
    jobId: await failedJob(tenant.id),
    statementImportId: statementImport.id,
  };
}
