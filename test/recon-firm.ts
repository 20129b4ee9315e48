// A fixture firm with an Advbox account in the sandbox, serving a synthetic
// book's clients and receivables, and the book's credits in its bank data:
// what a reconciliation needs, set up through the production settings code.
import { onlyDigits } from '@/lib/documents';
import type { Db } from '@/lib/prisma';
import { centsString } from '@/lib/reconciliation/result';
import { updateSettings } from '@/lib/settings/settings';
import type { Book } from '@/lib/synthetic/book';
import type { AdvboxSandbox } from '@/tools/advbox-sandbox/server';
import { createFirm, type FirmFixture } from '@/test/fixtures';

export interface ReconFirm extends FirmFixture {
  advboxToken: string;
}

export async function createReconFirm(db: Db, sandbox: AdvboxSandbox, book: Book, opts: { name?: string; paymentsFrom: string }): Promise<ReconFirm> {
  const f = await createFirm(db, opts.name ?? 'Escritório');
  const advboxToken = `recon-${f.tenantId}`;
  await updateSettings(db, { tenantId: f.tenantId, actorId: 'test', input: { advboxToken } });
  sandbox.addFirm(advboxToken, { book });
  await db.pluggyTransaction.createMany({
    data: book.payments
      .filter((p) => p.date >= opts.paymentsFrom)
      .map((p) => ({
        tenantId: f.tenantId,
        pluggyAccountDbId: f.accountId,
        pluggyTransactionId: `${f.tenantId.slice(0, 8)}-${p.id}`,
        date: new Date(`${p.date}T00:00:00.000Z`),
        description: p.description,
        type: 'CREDIT' as const,
        amount: centsString(p.amountCents),
        paymentMethod: p.method,
        payerName: p.payer.name?.slice(0, 160) ?? null,
        payerDocument: p.payer.document ? onlyDigits(p.payer.document) : null,
      })),
  });
  return { ...f, advboxToken };
}
