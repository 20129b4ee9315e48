// The tenant's open Advbox receivables as last crawled, kept in
// advbox_receivable_snapshots. Advbox allows 30 GET a minute and has no
// "changed since" filter, so the worker crawls when the copy is older than
// RECEIVABLES_MAX_AGE_MS and every recompute in between (after a confirm,
// link or reject) reads the copy. A partial crawl never drops receivables it
// did not see: the previous copy's items outside the windows that completed
// are kept, and the snapshot says it is incomplete.
import type { AdvboxClient, AdvboxTransaction } from '@/lib/advbox/client';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { Db } from '@/lib/prisma';
import { saoPauloDate } from '@/lib/time/sao-paulo';
import { windowMonthsFor } from './config';

/** One open receivable, compact (a snapshot of 50,000 is a few MB of JSON). */
export interface SnapshotReceivable {
  id: number;
  /** Customer CPF/CNPJ digits, as Advbox lists it on the transaction. */
  doc: string | null;
  /** Customer name as Advbox lists it (upper case). */
  name: string | null;
  cents: number;
  /** YYYY-MM-DD. */
  due: string;
  desc: string | null;
}

export interface ReceivableSnapshot {
  fetchedAt: Date;
  complete: boolean;
  dueFrom: string;
  dueTo: string;
  items: SnapshotReceivable[];
  error: string | null;
}

export async function readReceivableSnapshot(db: Db, tenantId: string): Promise<ReceivableSnapshot | null> {
  const row = await db.advboxReceivableSnapshot.findUnique({ where: { tenantId } });
  if (!row) return null;
  return { fetchedAt: row.fetchedAt, complete: row.complete, dueFrom: row.dueFrom, dueTo: row.dueTo, items: row.items as unknown as SnapshotReceivable[], error: row.error };
}

function compact(t: AdvboxTransaction): SnapshotReceivable | null {
  if (!t.dateDue) return null;
  return { id: t.id, doc: t.customerDocument, name: t.customerName, cents: t.amountCents, due: t.dateDue, desc: t.description };
}

function monthsBetween(from: string, to: string): number {
  return (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)) + 1;
}

/** Same set of receivables with the same amounts and dates (order-free). */
export function sameItems(a: readonly SnapshotReceivable[], b: readonly SnapshotReceivable[]): boolean {
  if (a.length !== b.length) return false;
  const byId = new Map(a.map((r) => [r.id, r]));
  return b.every((r) => {
    const o = byId.get(r.id);
    return !!o && o.cents === r.cents && o.due === r.due && o.doc === r.doc && o.name === r.name && o.desc === r.desc;
  });
}

/**
 * Crawls the open receivables due in [dueFrom, dueTo] and stores them.
 * Returns the snapshot and whether its items changed. Throws when Advbox
 * fails on the first request (nothing is stored then).
 */
export async function refreshReceivableSnapshot(
  db: Db,
  tenantId: string,
  client: AdvboxClient,
  window: { dueFrom: string; dueTo: string },
  now: Date = new Date(),
): Promise<{ snapshot: ReceivableSnapshot; changed: boolean; requests: number }> {
  const previous = await readReceivableSnapshot(db, tenantId);
  const windowMonths = windowMonthsFor(previous?.items.length ?? null, monthsBetween(window.dueFrom, window.dueTo));
  const r = await client.listOpenReceivables({ ...window, windowMonths });
  const items = new Map<number, SnapshotReceivable>();
  for (const t of r.items) {
    const c = compact(t);
    if (c) items.set(c.id, c);
  }
  if (!r.complete && previous) {
    // Keep what the incomplete windows may still hold: an item missing from
    // a partial crawl is unknown, not paid.
    const done = r.windows.filter((w) => w.complete);
    for (const p of previous.items) {
      if (items.has(p.id) || p.due < window.dueFrom || p.due > window.dueTo) continue;
      if (!done.some((w) => p.due >= w.from && p.due <= w.to)) items.set(p.id, p);
    }
  }
  const list = [...items.values()].sort((a, b) => a.id - b.id);
  const snapshot: ReceivableSnapshot = {
    fetchedAt: now,
    complete: r.complete,
    dueFrom: window.dueFrom,
    dueTo: window.dueTo,
    items: list,
    error: r.complete ? null : (r.error?.message ?? 'A leitura dos recebíveis do Advbox ficou incompleta.'),
  };
  const data = {
    fetchedAt: now,
    complete: snapshot.complete,
    dueFrom: snapshot.dueFrom,
    dueTo: snapshot.dueTo,
    items: list as unknown as Prisma.InputJsonValue,
    error: snapshot.error,
  };
  await db.advboxReceivableSnapshot.upsert({ where: { tenantId }, create: { tenantId, ...data }, update: data });
  return { snapshot, changed: !previous || !sameItems(previous.items, list), requests: r.requests };
}

/**
 * Receivables created in Advbox after the snapshot was crawled, looked up
 * directly: Advbox has no GET of one transaction, so this lists the
 * transactions created from the crawl's day (São Paulo, one day of margin
 * for Advbox's own clock) to tomorrow — usually one GET, through the
 * client's budget — and keeps those of `ids` that are open receivables.
 * The token is the tenant's account, so what it lists is the tenant's.
 */
export async function findReceivablesCreatedSince(client: AdvboxClient, ids: readonly number[], since: Date, now = Date.now()): Promise<SnapshotReceivable[]> {
  const r = await client.listTransactions({
    created_start: saoPauloDate(since.getTime() - 86_400_000),
    created_end: saoPauloDate(now + 86_400_000),
  });
  const wanted = new Set(ids);
  const out: SnapshotReceivable[] = [];
  for (const t of r.items) {
    if (!wanted.has(t.id) || t.entryType !== 'income' || t.paid) continue;
    const c = compact(t);
    if (c) out.push(c);
  }
  return out;
}

/**
 * Makes the next worker run crawl again (after an undo reopened receivables
 * in Advbox, which a crawl in between may have dropped as paid).
 */
export async function expireReceivableSnapshot(db: Db, tenantId: string): Promise<void> {
  await db.advboxReceivableSnapshot.updateMany({ where: { tenantId }, data: { fetchedAt: new Date(0) } });
}
