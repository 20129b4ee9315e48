// Every React Query key in one factory. A resource's root key (['accounts'])
// is a prefix of all its keys, so invalidating the root refetches every
// variant (each filter, page size, month) that is on screen.
import type { TransactionQueryParams } from '@/lib/hooks/types';

/** Query of GET /api/reconciliation (the view: rows to work, with the summary). */
export type ReconciliationParams = { status?: 'all' | 'auto' | 'suggested' | 'unmatched'; from?: string; to?: string; q?: string; limit?: number; offset?: number };
/** Query of GET /api/reconciliation/history (confirmed / undone records). */
export type ReconciliationHistoryParams = { status?: 'CONFIRMED' | 'UNDONE'; source?: 'AUTO' | 'MANUAL'; from?: string; to?: string; limit?: number; offset?: number };

export const RESOURCES = ['accounts', 'settings', 'transactions', 'reconciliation', 'notifications', 'kpis', 'sync-status'] as const;
export type Resource = (typeof RESOURCES)[number];

export const queryKeys = {
  root: (resource: Resource) => [resource] as const,
  accounts: () => ['accounts'] as const,
  settings: () => ['settings'] as const,
  transactions: (params: TransactionQueryParams = {}) => ['transactions', params] as const,
  reconciliation: (params: ReconciliationParams = {}) => ['reconciliation', 'view', params] as const,
  // Under the same root: every reconciliation invalidation (events, mutations) refreshes the history too.
  reconciliationHistory: (params: ReconciliationHistoryParams = {}) => ['reconciliation', 'history', params] as const,
  reconciliationMappings: () => ['reconciliation', 'mappings'] as const,
  /** Client search of the Link dialog (GET /api/advbox/customers). */
  advboxCustomers: (q: string, limit = 10) => ['advbox-customers', q, limit] as const,
  notifications: (limit = 20) => ['notifications', limit] as const,
  kpis: (month?: string) => ['kpis', month ?? 'all'] as const,
  syncStatus: () => ['sync-status'] as const,
};
