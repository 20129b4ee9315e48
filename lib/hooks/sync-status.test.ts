// The sync card's bar: one number from the stage and the accounts, that agrees
// with the stage text and never goes back within a sync.
import { describe, expect, it } from 'vitest';
import type { SyncProgress } from '@/lib/events/types';
import { settleSync, syncPercent, withPercent, type SyncStatus } from '@/lib/hooks/sync-status';

const running = (progress: SyncProgress | null, jobId = 'job-1'): SyncStatus => ({ running: true, progress, updatedAt: null, jobId });

/** What the bar shows through a sequence of statuses (progress events and polls alike). */
function bars(steps: SyncStatus[]): (number | null)[] {
  let s: SyncStatus | undefined;
  return steps.map((next) => (s = withPercent(s, next)).percent ?? null);
}

describe('sync progress bar', () => {
  it('puts each stage in its own part of the bar, "Finalizando" near the end even without accounts', () => {
    expect(syncPercent(null)).toBeNull(); // queued: an indeterminate bar
    expect(syncPercent({ stage: 'items', done: 0, total: 0 })).toBeLessThan(5);
    expect(syncPercent({ stage: 'accounts', done: 0, total: 2 })).toBe(5);
    expect(syncPercent({ stage: 'transactions', done: 1, total: 2 })).toBeGreaterThan(5);
    expect(syncPercent({ stage: 'transactions', done: 2, total: 2 })).toBe(90);
    for (const total of [0, 2]) expect(syncPercent({ stage: 'finishing', done: total, total })).toBeGreaterThanOrEqual(95);
    expect(syncPercent({ stage: 'finishing', done: 2, total: 2 })).toBeLessThan(100); // still running
  });

  it('never goes back within a sync: two banks, the second one\'s accounts join the total (1 de 1 → 1 de 2)', () => {
    const seen = bars([
      running(null),
      running({ stage: 'items', done: 0, total: 0 }),
      running({ stage: 'accounts', done: 0, total: 1 }),
      running({ stage: 'transactions', done: 1, total: 1 }),
      running({ stage: 'accounts', done: 1, total: 2 }), // the second bank
      running({ stage: 'transactions', done: 1, total: 2 }),
      running({ stage: 'transactions', done: 2, total: 2 }),
      running({ stage: 'transactions', done: 1, total: 2 }), // a poll read an older job row
      running({ stage: 'finishing', done: 2, total: 2 }),
    ]);
    expect(seen[0]).toBeNull();
    const shown = seen.slice(1) as number[];
    for (let i = 1; i < shown.length; i++) expect(shown[i], `step ${i + 1}: ${seen.join(' → ')}`).toBeGreaterThanOrEqual(shown[i - 1]!);
    expect(shown.at(-1)).toBeGreaterThanOrEqual(95);
  });

  it('a new sync starts from its own progress, and a finished one has no bar', () => {
    const done = withPercent(withPercent(undefined, running({ stage: 'finishing', done: 3, total: 3 })), { running: false, progress: null, updatedAt: null, jobId: 'job-1' });
    expect(done.percent).toBeNull();
    expect(withPercent(done, running({ stage: 'accounts', done: 0, total: 3 }, 'job-2')).percent).toBe(5);
    // Another job while the first still showed as running (its end was missed): its own bar, not the first one's.
    const first = withPercent(undefined, running({ stage: 'finishing', done: 1, total: 1 }, 'job-1'));
    expect(first.percent).toBe(95);
    expect(withPercent(first, running({ stage: 'accounts', done: 0, total: 1 }, 'job-2')).percent).toBe(5);
  });

  it('after sync_complete the card says the sync is done, and a poll that still reads the job as finishing does not bring the bar back', () => {
    const now = new Date('2026-12-01T22:00:00Z');
    const finishing = withPercent(undefined, running({ stage: 'finishing', done: 2, total: 2 }));
    const settled = settleSync(finishing, 'sync', now);
    expect(settled).toMatchObject({ running: false, percent: null, lastSyncedAt: now.toISOString(), settledJobId: 'job-1' });
    // The job row is still active while the worker writes its audit and notification.
    const polled = withPercent(settled, { ...running({ stage: 'finishing', done: 2, total: 2 }), lastSyncedAt: '2026-12-01T21:59:59.000Z' });
    expect(polled).toMatchObject({ running: false, percent: null, lastSyncedAt: '2026-12-01T21:59:59.000Z' });
    // The next sync is a new job: it shows.
    expect(withPercent(polled, running(null, 'job-2')).running).toBe(true);
    // A statement import's sync_complete is not a bank sync: no bank sync time is made up for it.
    expect(settleSync({ running: false, progress: null, updatedAt: null, lastSyncedAt: null }, 'import', now).lastSyncedAt).toBeNull();
  });
});
