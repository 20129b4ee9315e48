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
  };
}
