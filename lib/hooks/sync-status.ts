// The sync status as the pages hold it (query ['sync-status']), and the
// route's answer mapped into it. Not a client module: the Painel and Contas
// server pages prefetch it with the same mapping.
import type { SyncProgress } from '@/lib/events/types';
import type { CurrentSyncDto } from '@/lib/pluggy/sync/start-sync';

export interface SyncStatus {
  running: boolean;
  progress: SyncProgress | null;
  updatedAt: string | null;
  /** The running (or last) sync job. */
  jobId?: string | null;
  /** The newest successful sync of a bank connection. */
  lastSyncedAt?: string | null;
  /** The last sync's failure, when it failed. */
  lastError?: string | null;
  /** When Advbox's receivables were last read. */
  advbox?: CurrentSyncDto['advbox'];
  /** The bar of a running sync, 0–100 (null: queued, no stage yet); never goes back within one sync. */
  percent?: number | null;
  /** The job a `sync_complete` event ended: a poll that still reads it as running (it is writing its audit) does not bring the bar back. */
  settledJobId?: string | null;
}

export type { CurrentSyncDto };

export function toSyncStatus(dto: CurrentSyncDto): SyncStatus {
  const p = dto.job?.progress;
  return {
    running: dto.running,
    progress: dto.running && p ? { stage: p.stage, done: p.done, total: p.total } : null,
    updatedAt: new Date().toISOString(),
    jobId: dto.job?.id ?? null,
    lastSyncedAt: dto.lastSyncedAt,
    lastError: dto.job?.state === 'failed' ? dto.job.lastError : null,
    advbox: dto.advbox,
    percent: dto.running && p ? syncPercent(p) : null,
  };
}

// Each stage has its share of the bar, so the bar agrees with the stage text
// ("Finalizando" is near the end however few accounts there were); the accounts'
// own progress fills the middle. done/total alone jumped back (the total grows as
// each bank's accounts are listed: 1 de 1 → 1 de 2) and said nothing for stages
// without a total.
const ACCOUNTS_FROM = 5;
const ACCOUNTS_TO = 90;
const FINISHING = 95;

/** Where a running sync stands for its bar, 0–100, from its last progress; null while it is queued. */
export function syncPercent(p: SyncProgress | null | undefined): number | null {
  if (!p?.stage) return null;
  const total = Math.max(0, p.total ?? 0);
  const share = total > 0 ? Math.min(1, Math.max(0, (p.done ?? 0) / total)) : 0;
  switch (p.stage) {
    case 'items':
      return 2;
    case 'accounts':
    case 'transactions':
      return Math.round(ACCOUNTS_FROM + (ACCOUNTS_TO - ACCOUNTS_FROM) * share);
    case 'finishing':
      return FINISHING;
    default:
      return total > 0 ? Math.round(ACCOUNTS_TO * share) : null;
  }
}

/**
 * `next` with its bar's percentage: within one running sync it only moves forward
 * (a bank's accounts added to the total, a progress event older than the last
 * poll, a retry from the item's start), and a new sync starts from its own.
 */
export function withPercent(prev: SyncStatus | undefined, next: SyncStatus): SyncStatus {
  const settledJobId = next.settledJobId ?? prev?.settledJobId ?? null;
  if (next.running && settledJobId && next.jobId === settledJobId) {
    // The stream said this sync is over; the job row only lags behind.
    return { ...next, running: false, progress: null, percent: null, settledJobId, lastSyncedAt: next.lastSyncedAt ?? prev?.lastSyncedAt ?? null };
  }
  if (!next.running) return { ...next, percent: null, settledJobId };
  const computed = syncPercent(next.progress);
  const sameRun = !!prev?.running && (!prev.jobId || !next.jobId || prev.jobId === next.jobId);
  const before = sameRun ? (prev!.percent ?? null) : null;
  const percent = before === null ? computed : Math.max(before, computed ?? before);
  return { ...next, percent, settledJobId };
}

/** What `sync_complete` does to the status: the sync is over now (a bank sync's time is now until the refetch brings the stored one). */
export function settleSync(old: SyncStatus | undefined, entity: string | undefined, now: Date): SyncStatus {
  const bank = entity === 'sync';
  return {
    ...(old ?? { updatedAt: null }),
    running: false,
    progress: null,
    percent: null,
    settledJobId: old?.running ? (old.jobId ?? null) : (old?.settledJobId ?? null),
    // Without this the card read "Nenhuma sincronização concluída ainda." until the refetch answered.
    lastSyncedAt: bank ? now.toISOString() : (old?.lastSyncedAt ?? null),
    lastError: bank ? null : (old?.lastError ?? null),
    updatedAt: now.toISOString(),
  };
}
