// Helpers for tests that drive the Advbox client against the sandbox.
import { onlyDigits } from '@/lib/documents';
import { centsString } from '@/lib/reconciliation/result';
import type { Book } from '@/lib/synthetic/book';
import type { AdvboxSandbox, SandboxRequest } from '@/tools/advbox-sandbox/server';

/** Satisfies the Advbox client's Clock and the sandbox's clock. */
export interface FakeClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Every sleep asked for, in ms. */
  sleeps: number[];
  advance(ms: number): void;
}

/** Time that moves only when someone sleeps (instantly) or the test advances it. */
export function fakeClock(start = Date.parse('2026-11-30T15:00:00Z')): FakeClock {
  let t = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += Math.max(0, ms);
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

/** Requests that reached an Advbox route (not refused by the WAF, auth or a fault). */
export function answered(sandbox: AdvboxSandbox, method = 'GET'): SandboxRequest[] {
  return sandbox.requests.filter((r) => r.method === method && r.token !== null && !r.note?.startsWith('fault'));
}

/** The most requests that fall in any window of `windowMs` (times in ms). */
export function maxInWindow(times: number[], windowMs: number): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; j < t.length; j++) {
    while (t[j]! - t[i]! >= windowMs) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

/** A book's payments (booked on or after `since`) as the bank credits of a tenant's account (pluggy_transactions rows). */
export function bookCredits(book: Book, { tenantId, accountId, since }: { tenantId: string; accountId: string; since: string }) {
  return book.payments
    .filter((p) => p.date >= since)
    .map((p) => ({
      tenantId,
      pluggyAccountDbId: accountId,
      // The book's payment id stays readable after the tenant prefix (tests map credits back to the book's truth).
      pluggyTransactionId: `${tenantId.slice(0, 8)}-${p.id}`,
      date: new Date(`${p.date}T00:00:00.000Z`),
      description: p.description,
      type: 'CREDIT' as const,
      amount: centsString(p.amountCents),
      paymentMethod: p.method,
      payerName: p.payer.name?.slice(0, 160) ?? null,
      payerDocument: p.payer.document ? onlyDigits(p.payer.document) : null,
    }));
}
