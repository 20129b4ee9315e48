// Every React Query key in one factory. A resource's root key (['accounts'])
// is a prefix of all its keys, so invalidating the root refetches every
// variant (each filter, page size, month) that is on screen.
import type { TransactionQueryParams } from '@/lib/hooks/types';

export type ReconciliationParams = { status?: 'CONFIRMED' | 'UNDONE'; from?: string; to?: string; limit?: number; offset?: number };

export const RESOURCES = ['accounts', 'settings', 'transactions', 'reconciliation', 'notifications', 'kpis', 'sync-status'] as const;
export type Resource = (typeof RESOURCES)[number];

export const queryKeys = {
  root: (resource: Resource) => [resource] as const,
  accounts: () => ['accounts'] as const,
  settings: () => ['settings'] as const,
  transactions: (params: TransactionQueryParams = {}) => ['transactions', params] as const,
  reconciliation: (params: ReconciliationParams = {}) => ['reconciliation', params] as const,
  notifications: (limit = 20) => ['notifications', limit] as const,
  kpis: (month?: string) => ['kpis', month ?? 'all'] as const,
  syncStatus: () => ['sync-status'] as const,
};
