// The rule for a bank account that was imported from files and is later
// connected through Pluggy (or the other way round), so no transaction is
// counted twice:
//
// 1. Linking. A manual account is the same bank account as a Pluggy account
//    of the same firm when their account numbers agree: digits only, leading
//    zeros dropped, the check digit included ("56789-0" = "0056789-0"), and,
//    when both sides name a branch ("0001/12345-0" from Pluggy, the branch
//    the person typed), the branches agree too. Card accounts (masked
//    numbers) never link. The manual account records the link
//    (linked_account_id).
// 2. Pairing. Within a linked pair, an imported row and a synced row are the
//    same transaction when the amounts are equal to the cent and the dates
//    are at most one day apart (banks' files and Open Finance disagree on the
//    booking day around midnight and weekends); pairs are one-to-one,
//    same-day first, then in date order.
// 3. Resolution. The synced row wins: the imported twin is soft-deleted and
//    points at it (superseded_by_id), unless the imported row is already
//    reconciled — then the imported row stays and the synced twin is marked
//    ignored (ignored_by 'system:statement-overlap', superseded_by_id = the
//    imported row) so it is neither counted in the active totals nor matched
//    again, and neither row pairs again. Imported rows with no twin stay
//    (e.g. months older than what the connection brings).
// 4. At import time, rows of the file that pair with synced rows of the
//    linked account count as existing and are not inserted.
import { Prisma } from '@/lib/generated/prisma/client';
import type { Db, Tx } from '@/lib/prisma';

export interface AccountNumberParts {
  branch: string | null;
  account: string;
}

const strip = (s: string) => s.replace(/\D/g, '').replace(/^0+/, '');

/** "0001/12345-0" → { branch: '1', account: '123450' }; null for masked or empty numbers. */
export function accountNumberParts(number: string | null, branch: string | null = null): AccountNumberParts | null {
  if (!number || /[x*]/i.test(number)) return null;
  const [maybeBranch, rest] = number.includes('/') ? (number.split('/', 2) as [string, string]) : [null, number];
  const account = strip(rest);
  if (account.length < 3) return null;
  const b = branch ?? maybeBranch;
  return { branch: b && strip(b) !== '' ? strip(b) : null, account };
}

export function sameBankAccount(a: AccountNumberParts | null, b: AccountNumberParts | null): boolean {
  if (!a || !b) return false;
  if (a.account !== b.account) return false;
  return a.branch === null || b.branch === null || a.branch === b.branch;
}

export interface PairCandidate {
  id: string;
  date: string;
  amountCents: number;
}

const dayNumber = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;

/** One-to-one pairs (imported → synced): equal amount, dates ≤ 1 day apart, same-day pairs first. */
export function pairTransactions(imported: PairCandidate[], synced: PairCandidate[]): Map<string, string> {
  const byAmount = new Map<number, PairCandidate[]>();
  for (const s of synced) byAmount.set(s.amountCents, [...(byAmount.get(s.amountCents) ?? []), s]);
  const taken = new Set<string>();
  const pairs = new Map<string, string>();
  const ordered = [...imported].sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
  for (const gap of [0, 1]) {
    for (const i of ordered) {
      if (pairs.has(i.id)) continue;
      const day = dayNumber(i.date);
      const twin = (byAmount.get(i.amountCents) ?? [])
        .filter((s) => !taken.has(s.id) && Math.abs(dayNumber(s.date) - day) === gap)
        .sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id))[0];
      if (twin) {
        taken.add(twin.id);
        pairs.set(i.id, twin.id);
      }
    }
  }
  return pairs;
}

const toCents = (d: Prisma.Decimal) => Number(d.mul(100).toFixed(0));
const ymd = (d: Date) => d.toISOString().slice(0, 10);

/** Links the tenant's unlinked manual accounts to the Pluggy account of the same bank account, if any. Returns the links made. */
export async function linkManualAccounts(db: Db | Tx, tenantId: string): Promise<{ manualId: string; pluggyId: string }[]> {
  const manual = await db.pluggyAccount.findMany({
    where: { tenantId, source: 'manual', deletedAt: null, linkedAccountId: null },
    select: { id: true, number: true, branch: true },
  });
  if (manual.length === 0) return [];
  const synced = await db.pluggyAccount.findMany({
    where: { tenantId, source: 'pluggy', deletedAt: null, type: 'BANK', item: { deletedAt: null } },
    select: { id: true, number: true },
  });
  const links: { manualId: string; pluggyId: string }[] = [];
  for (const m of manual) {
    const mine = accountNumberParts(m.number, m.branch);
    const twin = synced.find((s) => sameBankAccount(mine, accountNumberParts(s.number)));
    if (!twin) continue;
    await db.pluggyAccount.update({ where: { id: m.id }, data: { linkedAccountId: twin.id } });
    links.push({ manualId: m.id, pluggyId: twin.id });
  }
  return links;
}

/** Synced rows of the account linked to a manual one, in a date window, as pairing candidates. */
export async function syncedCandidates(db: Db | Tx, tenantId: string, pluggyAccountId: string, from: string, to: string): Promise<PairCandidate[]> {
  const lo = new Date(Date.parse(`${from}T00:00:00Z`) - 86_400_000);
  const hi = new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000);
  const rows = await db.pluggyTransaction.findMany({
    where: { tenantId, pluggyAccountDbId: pluggyAccountId, deletedAt: null, date: { gte: lo, lte: hi } },
    select: { id: true, date: true, amount: true },
  });
  return rows.map((r) => ({ id: r.id, date: ymd(r.date), amountCents: toCents(r.amount) }));
}

export interface OverlapResult {
  linked: number;
  superseded: number;
  ignoredSynced: number;
}

/**
 * Links accounts and resolves every linked pair of the tenant (rule above).
 * Runs in one transaction; returns what changed (all zeros = nothing to tell).
 */
export async function resolveOverlap(db: Db, tenantId: string): Promise<OverlapResult> {
  return db.$transaction(
    async (tx) => {
      const linked = (await linkManualAccounts(tx, tenantId)).length;
      const pairsOf = await tx.pluggyAccount.findMany({
        where: { tenantId, source: 'manual', deletedAt: null, linkedAccountId: { not: null } },
        select: { id: true, linkedAccountId: true },
      });
      let superseded = 0;
      let ignoredSynced = 0;
      for (const acc of pairsOf) {
        const imported = await tx.pluggyTransaction.findMany({
          where: { tenantId, pluggyAccountDbId: acc.id, deletedAt: null },
          select: { id: true, date: true, amount: true, reconciliations: { where: { status: 'CONFIRMED' }, select: { id: true } } },
        });
        if (imported.length === 0) continue;
        const dates = imported.map((r) => ymd(r.date)).sort();
        // A synced row set aside for a reconciled imported twin points at it
        // (superseded_by_id): both are out of the next pairing.
        const synced = await syncedCandidates(tx, tenantId, acc.linkedAccountId!, dates[0]!, dates[dates.length - 1]!);
        const setAside = await tx.pluggyTransaction.findMany({
          where: { tenantId, pluggyAccountDbId: acc.linkedAccountId!, supersededById: { not: null } },
          select: { id: true, supersededById: true },
        });
        const setAsideIds = new Set(setAside.map((r) => r.id));
        const standingIn = new Set(setAside.map((r) => r.supersededById!));
        const pairs = pairTransactions(
          imported.filter((r) => !standingIn.has(r.id)).map((r) => ({ id: r.id, date: ymd(r.date), amountCents: toCents(r.amount) })),
          synced.filter((s) => !setAsideIds.has(s.id)),
        );
        const reconciled = new Set(imported.filter((r) => r.reconciliations.length > 0).map((r) => r.id));
        const now = new Date();
        for (const [importedId, syncedId] of pairs) {
          if (reconciled.has(importedId)) {
            await tx.pluggyTransaction.update({
              where: { id: syncedId },
              data: { ignored: true, ignoredAt: now, ignoredBy: 'system:statement-overlap', supersededById: importedId },
            });
            ignoredSynced++;
          } else {
            await tx.pluggyTransaction.update({ where: { id: importedId }, data: { deletedAt: now, supersededById: syncedId } });
            superseded++;
          }
        }
      }
      return { linked, superseded, ignoredSynced };
    },
    { timeout: 120_000, isolationLevel: Prisma.TransactionIsolationLevel.ReadCommitted },
  );
}
