// Manual bank accounts: accounts fed by statement files instead of a Pluggy
// connection. Each lives in pluggy_accounts (source 'manual') under an item
// of its own (source 'manual', pluggy_item_id 'manual:<uuid>'), so every
// listing, KPI and reconciliation query that reads synced accounts and
// transactions reads these the same way; the item carries the bank's name
// (what account listings show as the bank).
import { randomUUID } from 'node:crypto';
import { conflict, notFound } from '@/lib/api/errors';
import { writeAudit } from '@/lib/audit/write-audit';
import { invalidateTenantResource } from '@/lib/cache';
import type { Db, Tx } from '@/lib/prisma';
import { accountNumberParts, sameBankAccount } from './overlap';

export interface ManualAccountDto {
  id: string;
  name: string;
  bankCode: string | null;
  bankName: string;
  branch: string | null;
  number: string;
  linkedAccountId: string | null;
  createdAt: string;
}

export interface NewManualAccount {
  name: string;
  bankName: string;
  bankCode?: string | null;
  branch?: string | null;
  number: string;
}

type Row = { id: string; name: string; bankCode: string | null; branch: string | null; number: string | null; linkedAccountId: string | null; createdAt: Date; item: { connectorName: string | null } };

const toDto = (r: Row): ManualAccountDto => ({
  id: r.id,
  name: r.name,
  bankCode: r.bankCode,
  bankName: r.item.connectorName ?? '',
  branch: r.branch,
  number: r.number ?? '',
  linkedAccountId: r.linkedAccountId,
  createdAt: r.createdAt.toISOString(),
});

const SELECT = { id: true, name: true, bankCode: true, branch: true, number: true, linkedAccountId: true, createdAt: true, item: { select: { connectorName: true } } } as const;

export async function listManualAccounts(db: Db, tenantId: string): Promise<{ accounts: ManualAccountDto[] }> {
  const rows = await db.pluggyAccount.findMany({
    where: { tenantId, source: 'manual', deletedAt: null },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: SELECT,
  });
  return { accounts: rows.map(toDto) };
}

export async function findManualAccount(db: Db | Tx, tenantId: string, id: string) {
  const acc = await db.pluggyAccount.findFirst({ where: { id, tenantId, source: 'manual', deletedAt: null } });
  if (!acc) throw notFound('Conta bancária manual não encontrada.');
  return acc;
}

export async function createManualAccount(
  db: Db,
  { tenantId, actorId, requestId, input }: { tenantId: string; actorId: string; requestId?: string; input: NewManualAccount },
): Promise<ManualAccountDto> {
  const dto = await db.$transaction(async (tx) => {
    const mine = accountNumberParts(input.number, input.branch ?? null);
    const others = await tx.pluggyAccount.findMany({
      where: { tenantId, source: 'manual', deletedAt: null },
      select: { number: true, branch: true, bankCode: true },
    });
    if (others.some((o) => (o.bankCode ?? null) === (input.bankCode ?? null) && sameBankAccount(mine, accountNumberParts(o.number, o.branch)))) {
      throw conflict('Já existe uma conta manual com esse banco, agência e número.');
    }
    const item = await tx.pluggyItem.create({
      data: { tenantId, pluggyItemId: `manual:${randomUUID()}`, connectorName: input.bankName, source: 'manual', status: 'MANUAL' },
    });
    const acc = await tx.pluggyAccount.create({
      data: {
        tenantId,
        pluggyItemDbId: item.id,
        pluggyAccountId: `manual:${randomUUID()}`,
        type: 'BANK',
        subtype: 'CHECKING_ACCOUNT',
        name: input.name,
        number: input.number,
        bankCode: input.bankCode ?? null,
        branch: input.branch ?? null,
        source: 'manual',
      },
      select: SELECT,
    });
    await writeAudit(tx, {
      tenantId,
      actorId,
      action: 'bank_account.created',
      entityType: 'pluggy_account',
      entityId: acc.id,
      metadata: { source: 'manual', bankName: input.bankName, bankCode: input.bankCode ?? null },
      requestId,
    });
    return toDto(acc);
  });
  await invalidateTenantResource(tenantId, 'accounts');
  return dto;
}
