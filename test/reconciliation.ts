// Shared set-up of the reconciliation flow's integration tests: a real Redis,
// the Advbox sandbox behind ADVBOX_API_URL, and firms whose Advbox account
// (in the sandbox) and bank credits come from one synthetic book.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { resetAdvboxBudgetForTests } from '@/lib/advbox/client';
import { resetEnvCache } from '@/lib/env';
import type { Db } from '@/lib/prisma';
import { resetMemoryLimits } from '@/lib/rate-limit';
import { updateSettings } from '@/lib/settings/settings';
import type { Book } from '@/lib/synthetic/book';
import { startAdvboxSandbox, type AdvboxSandbox } from '@/tools/advbox-sandbox/server';
import { bookCredits } from '@/test/advbox';
import { createFirm, type FirmFixture } from '@/test/fixtures';
import { startTestRedis, type TestRedis } from '@/test/redis';

export interface ReconFirm extends FirmFixture {
  token: string;
  /** Book payment id → pluggy transaction id. */
  credit: Map<string, string>;
}

/**
 * Starts the Advbox sandbox for the file behind ADVBOX_API_URL (and resets
 * faults, rate limits and the Advbox budget before each test); `sandbox()`
 * returns it once started.
 */
export function withAdvboxSandbox(): { sandbox: () => AdvboxSandbox } {
  let sb: AdvboxSandbox | undefined;
  let previousUrl: string | undefined;
  beforeAll(async () => {
    sb = await startAdvboxSandbox({ firms: {} });
    previousUrl = process.env.ADVBOX_API_URL;
    process.env.ADVBOX_API_URL = sb.url;
    resetEnvCache();
  });
  afterAll(async () => {
    if (previousUrl === undefined) delete process.env.ADVBOX_API_URL;
    else process.env.ADVBOX_API_URL = previousUrl;
    resetEnvCache();
    await sb?.close();
  });
  beforeEach(() => {
    sb?.clearFaults();
    resetMemoryLimits();
    resetAdvboxBudgetForTests();
  });
  return {
    sandbox: () => {
      if (!sb) throw new Error('the Advbox sandbox is not started yet');
      return sb;
    },
  };
}

/** withAdvboxSandbox plus a real Redis (the reconciliation cache), for the flow's tests. */
export function withReconSandbox(): { sandbox: () => AdvboxSandbox } {
  let redis: TestRedis | undefined;
  beforeAll(async () => {
    process.env.REDIS_TIMEOUT_MS = '5000';
    redis = await startTestRedis();
  });
  afterAll(async () => {
    delete process.env.REDIS_TIMEOUT_MS;
    resetEnvCache();
    await redis?.stop();
  });
  return withAdvboxSandbox();
}

/** A firm (fixture users and account) with an Advbox account in the sandbox and the book's recent credits in its bank data. */
export async function createReconFirm(db: Db, sb: AdvboxSandbox, book: Book, name = 'Escritório'): Promise<ReconFirm> {
  const f = await createFirm(db, name);
  const token = `recon-${f.tenantId}`;
  await updateSettings(db, { tenantId: f.tenantId, actorId: 'test', input: { advboxToken: token } });
  sb.addFirm(token, { book });
  const credit = new Map<string, string>();
  await db.pluggyTransaction.createMany({ data: bookCredits(book, { tenantId: f.tenantId, accountId: f.accountId, since: '2025-12-15' }) });
  const rows = await db.pluggyTransaction.findMany({ where: { tenantId: f.tenantId }, select: { id: true, pluggyTransactionId: true } });
  for (const r of rows) {
    const pid = r.pluggyTransactionId.split('-').slice(1).join('-');
    if (pid.startsWith('p-')) credit.set(pid, r.id);
  }
  return { ...f, token, credit };
}
