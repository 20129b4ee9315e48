// Keeps the tenant's customer copy current with as few GETs as Advbox's
// budget allows: a full crawl (20 GETs for 20,000 customers) when there is
// no copy yet, when the last full crawl was incomplete, or every
// FULL_EVERY_MS (Advbox has no "updated since" filter, so only a full crawl
// sees edits); otherwise an incremental one (usually 1 GET): customers
// created since the day the previous refresh started (created_start, one day
// of overlap; upserts make the overlap harmless). A lease in the sync row
// makes one instance crawl at a time. An incomplete crawl never marks
// anything as gone; a complete one flags (never deletes) customers it no
// longer listed.
import { AdvboxApiError, type AdvboxClient, type Clock, systemClock } from '@/lib/advbox/client';
import { invalidateTenantResource } from '@/lib/cache';
import type { AdvboxCustomerSync } from '@/lib/generated/prisma/client';
import { log } from '@/lib/log';
import type { Db } from '@/lib/prisma';
import { saoPauloDate } from '@/lib/time/sao-paulo';
import { markUnlisted, upsertCustomers } from './store';

/** An incremental refresh at most this often: the cache entry's TTL (keys.ts). */
export const REFRESH_EVERY_MS = 600_000;
/** A full crawl at least this often, to pick up edits. */
export const FULL_EVERY_MS = 6 * 3_600_000;
/** A crawl holding the lease longer than this is presumed dead. */
export const LEASE_MS = 15 * 60_000;

export type RefreshMode = 'auto' | 'full' | 'incremental';

export interface RefreshOutcome {
  /** False when another instance holds the lease (nothing was done). */
  ran: boolean;
  mode?: 'full' | 'incremental';
  fetched: number;
  complete: boolean;
  requests: number;
  error?: AdvboxApiError;
}

export function syncState(db: Db, tenantId: string): Promise<AdvboxCustomerSync | null> {
  return db.advboxCustomerSync.findUnique({ where: { tenantId } });
}

/** Whether a read should refresh first (no copy, stale, or a failed full crawl due for a retry). */
export function refreshDue(state: AdvboxCustomerSync | null, now: number): boolean {
  if (!state?.refreshedAt) return true;
  return now - state.refreshedAt.getTime() >= REFRESH_EVERY_MS;
}

function chooseMode(state: AdvboxCustomerSync, now: number): 'full' | 'incremental' {
  if (!state.refreshStartedAt || !state.fullAt || !state.completeFullStartedAt) return 'full';
  if (!state.fullComplete) return 'full';
  return now - state.completeFullStartedAt.getTime() >= FULL_EVERY_MS ? 'full' : 'incremental';
}

function dayBefore(iso: string): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

async function takeLease(db: Db, tenantId: string, now: number): Promise<AdvboxCustomerSync | null> {
  // Not Prisma's upsert: two instances creating the row at once would collide.
  await db.$executeRaw`INSERT INTO advbox_customer_syncs (tenant_id, updated_at) VALUES (${tenantId}::uuid, now()) ON CONFLICT (tenant_id) DO NOTHING`;
  const taken = await db.advboxCustomerSync.updateMany({
    where: { tenantId, OR: [{ leaseUntil: null }, { leaseUntil: { lt: new Date(now) } }] },
    data: { leaseUntil: new Date(now + LEASE_MS) },
  });
  return taken.count === 1 ? syncState(db, tenantId) : null;
}

export async function refreshCustomers(
  db: Db,
  tenantId: string,
  { client, clock = systemClock, mode = 'auto', invalidate = true }: { client: AdvboxClient; clock?: Clock; mode?: RefreshMode; invalidate?: boolean },
): Promise<RefreshOutcome> {
  const startedAt = clock.now();
  const state = await takeLease(db, tenantId, startedAt);
  if (!state) return { ran: false, fetched: 0, complete: false, requests: 0 };
  const chosen = mode === 'auto' ? chooseMode(state, startedAt) : mode === 'incremental' && !state.refreshStartedAt ? 'full' : mode;
  try {
    const r =
      chosen === 'full'
        ? await client.listCustomers()
        : await client.listCustomersSince(dayBefore(saoPauloDate(state.refreshStartedAt!.getTime())));
    await upsertCustomers(db, tenantId, r.items);
    if (chosen === 'full' && r.complete) await markUnlisted(db, tenantId, r.items.map((c) => c.id), new Date(startedAt));
    const done = new Date(clock.now());
    await db.advboxCustomerSync.update({
      where: { tenantId },
      data: {
        refreshStartedAt: new Date(startedAt),
        refreshedAt: done,
        ...(chosen === 'full'
          ? { fullAt: done, fullComplete: r.complete, ...(r.complete ? { completeFullStartedAt: new Date(startedAt) } : {}) }
          : {}),
        lastError: r.error ? r.error.message.slice(0, 500) : r.complete ? null : `listagem incompleta (${r.stop})`,
        leaseUntil: null,
      },
    });
    if (!r.complete) log('warn', 'advbox customers: incomplete crawl', { tenantId, mode: chosen, stop: r.stop, fetched: r.items.length, totalCount: r.totalCount });
    if (invalidate) await invalidateTenantResource(tenantId, 'customers');
    return { ran: true, mode: chosen, fetched: r.items.length, complete: r.complete, requests: r.requests, ...(r.error ? { error: r.error } : {}) };
  } catch (err) {
    await db.advboxCustomerSync.update({
      where: { tenantId },
      data: { leaseUntil: null, lastError: (err instanceof Error ? err.message : String(err)).slice(0, 500) },
    });
    throw err;
  }
}
