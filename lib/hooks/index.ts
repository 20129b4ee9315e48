// The dashboard's data hooks (seed section 5). Keys: ./query-keys.ts.
export { queryKeys, type Resource, type ReconciliationParams, type ReconciliationHistoryParams } from '@/lib/hooks/query-keys';
export { ApiClientError, apiGet, apiRequest } from '@/lib/hooks/fetcher';
export { useAccounts, useRenameAccount } from '@/lib/hooks/use-accounts';
export { useSettings, useUpdateSettings, useTestConnection } from '@/lib/hooks/use-settings';
export { useTransactions, useSetTransactionIgnored } from '@/lib/hooks/use-transactions';
export {
  useReconciliation,
  useReconciliationHistory,
  useAdvboxCustomers,
  useConfirmReconciliation,
  useRejectReconciliation,
  useLinkPayer,
  useUndoReconciliation,
  useBulkConfirm,
  useBulkConfirmJob,
} from '@/lib/hooks/use-reconciliation';
export { useNotifications, useMarkNotificationRead, useMarkAllNotificationsRead } from '@/lib/hooks/use-notifications';
export { useKpis } from '@/lib/hooks/use-kpis';
export { useStartSync, useSyncStatus, type SyncStatus } from '@/lib/hooks/use-sync-status';
export { useSSE } from '@/lib/hooks/use-sse';
export type * from '@/lib/hooks/types';
