import type { BillingQuery } from '@/lib/billing/reminders';

// Keys of the dashboard's extra hooks (use-extra.ts), importable by server pages.
// Bank items sit under the 'accounts' root so every accounts invalidation refreshes them.
export const extraKeys = {
  items: () => ['accounts', 'items'] as const,
  audit: (params: AuditParams = {}) => ['audit-logs', params] as const,
  jobs: () => ['jobs'] as const,
  members: () => ['members'] as const,
  // Under the 'reconciliation' root: a confirm, an undo or a sync (sync_complete, reconciliation_ready) changes what is still owed.
  receivables: (params: BillingQuery) => ['reconciliation', 'receivables', params] as const,
};

export interface AuditParams {
  entityType?: string;
  /** A member's user id, or 'system'. */
  actorId?: string;
  action?: string;
  from?: string;
  to?: string;
  cursor?: string;
}

