// getCustomers(): the tenant's whole Advbox customer list for matching,
// cache-aside on tenant:{id}:customers (600 s, lib/cache/keys.ts) over the
// PostgreSQL copy (store.ts), refreshed before serving when due (refresh.ts).
// The first call for a tenant crawls everything (20 GETs for 20,000
// customers: a few seconds with a fresh budget, up to about a minute when
// other work of the tenant is spending it); concurrent callers in this
// process share that crawl (the cache's single flight) and other instances
// wait for its lease. When Advbox fails and a copy exists, the copy is
// served (with `error`); with no copy the error is thrown.
import { advboxClientForTenant, systemClock, type AdvboxClient, type Clock } from '@/lib/advbox/client';
import { cached, type CacheStatus } from '@/lib/cache';
import { log } from '@/lib/log';
import type { Db } from '@/lib/prisma';
import { refreshCustomers, refreshDue, syncState, LEASE_MS } from './refresh';
import { countCustomers, customerRows, readCustomerColumns, type CustomerColumns, type CustomerDto } from './store';

interface Stored {
  customers: CustomerColumns;
  /** The last full crawl fetched everything Advbox lists. When false, a missing customer may just not have been fetched. */
  complete: boolean;
  refreshedAt: string | null;
  fullAt: string | null;
  /** Why the last refresh failed or was incomplete (pt-BR), if it did. */
  error: string | null;
}

export type CustomersResult = Omit<Stored, 'customers'> & { customers: CustomerDto[] };

export interface GetCustomersOptions {
  /** Default: advboxClientForTenant (background mode). */
  client?: AdvboxClient;
  clock?: Clock;
}

async function waitForOtherInstance(db: Db, tenantId: string, clock: Clock): Promise<void> {
  const until = clock.now() + LEASE_MS;
  while (clock.now() < until) {
    const s = await syncState(db, tenantId);
    if (!s?.leaseUntil || s.leaseUntil.getTime() < clock.now()) return;
    await clock.sleep(500);
  }
}

/** The cached value: refreshes first when due, then reads the copy (as columns, see store.ts). */
export async function loadCustomers(db: Db, tenantId: string, opts: GetCustomersOptions = {}): Promise<Stored> {
  const clock = opts.clock ?? systemClock;
  let state = await syncState(db, tenantId);
  if (refreshDue(state, clock.now())) {
    try {
      const client = opts.client ?? (await advboxClientForTenant(db, tenantId, { clock }));
      const out = await refreshCustomers(db, tenantId, { client, clock, invalidate: false });
      if (!out.ran) await waitForOtherInstance(db, tenantId, clock);
    } catch (err) {
      if ((await countCustomers(db, tenantId)) === 0) throw err;
      log('warn', 'advbox customers: refresh failed, serving the stored copy', { tenantId, err });
    }
    state = await syncState(db, tenantId);
  }
  return {
    customers: await readCustomerColumns(db, tenantId),
    complete: state?.fullComplete ?? false,
    refreshedAt: state?.refreshedAt?.toISOString() ?? null,
    fullAt: state?.fullAt?.toISOString() ?? null,
    error: state?.lastError ?? null,
  };
}

export async function getCustomers(db: Db, tenantId: string, opts: GetCustomersOptions = {}): Promise<CustomersResult & { cache: CacheStatus }> {
  const r = await cached({ tenantId, resource: 'customers', compute: () => loadCustomers(db, tenantId, opts) });
  return { ...r.data, customers: customerRows(r.data.customers), cache: r.status };
}
