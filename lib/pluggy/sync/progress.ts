// Progress of a running sync, for the job row (GET /api/pluggy/sync/[jobId])
// and the dashboards (`sync` events). Both are throttled: the job row is one
// UPDATE per call and the events go out after commit through the relay,
// which coalesces them further — never a NOTIFY per batch.
import { emitAfterCommit } from '@/lib/events/publish';
import type { JobContext } from '@/lib/jobs';

export interface SyncCounters {
  stage: 'items' | 'accounts' | 'transactions' | 'finishing';
  itemsDone: number;
  itemsTotal: number;
  accountsDone: number;
  accountsTotal: number;
  rows: number;
  created: number;
  updated: number;
  deleted: number;
}

const EVERY_MS = 250;

export class SyncProgressReporter {
  private last = 0;
  readonly counters: SyncCounters = { stage: 'items', itemsDone: 0, itemsTotal: 0, accountsDone: 0, accountsTotal: 0, rows: 0, created: 0, updated: 0, deleted: 0 };

  constructor(
    private readonly tenantId: string,
    private readonly ctx: Pick<JobContext, 'progress'> | null,
  ) {}

  async report(force = false): Promise<void> {
    const now = Date.now();
    if (!force && now - this.last < EVERY_MS) return;
    this.last = now;
    const c = this.counters;
    emitAfterCommit({
      type: 'sync',
      tenantId: this.tenantId,
      entity: 'pluggy_sync',
      data: { stage: c.stage, done: c.accountsDone, total: c.accountsTotal, created: c.created, updated: c.updated },
    });
    await this.ctx?.progress({ done: c.accountsDone, total: c.accountsTotal, stage: c.stage });
  }
}
