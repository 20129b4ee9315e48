// Response shapes of the routes the hooks read: the domain DTOs (type-only
// imports, nothing of the server is bundled).
export type { AccountDto } from '@/lib/pluggy/accounts';
export type { TransactionDto } from '@/lib/pluggy/transactions';
export type { NotificationDto } from '@/lib/notifications/notifications';
export type { SettingsDto } from '@/lib/settings/settings';
export type { SettingsUpdate } from '@/lib/settings/schema';
export type { ReconciliationDto, UndoResultDto } from '@/lib/reconciliation/records';
export type { ReconViewDto, ReconRowDto, ReceivableDto, Bucket } from '@/lib/reconciliation/result';
export type { ConfirmResultDto } from '@/lib/reconciliation/confirm';
export type { MappingDto } from '@/lib/reconciliation/mappings';
export type { RejectionDto } from '@/lib/reconciliation/rejections';
export type { BulkConfirmOutput, BulkItemOutcome } from '@/lib/reconciliation/bulk-confirm';
export type { JobDetailDto } from '@/lib/jobs/get-job';
export type { AdvboxCustomerHit } from '@/lib/advbox/customers/search';
export type { TenantKpi } from '@/lib/kpi-view/read';

import type { AccountDto } from '@/lib/pluggy/accounts';
import type { NotificationDto } from '@/lib/notifications/notifications';
import type { ReconciliationDto } from '@/lib/reconciliation/records';
import type { ReconViewDto } from '@/lib/reconciliation/result';
import type { TransactionDto } from '@/lib/pluggy/transactions';
import type { TenantKpi } from '@/lib/kpi-view/read';
import type { TransactionFilters } from '@/lib/pluggy/transactions';

/** Query string of GET /api/pluggy/transactions (lib/pluggy/transaction-query.ts). */
export type TransactionQueryParams = Omit<TransactionFilters, 'limit'> & { limit?: number };

export interface AccountsResponse {
  accounts: AccountDto[];
}
export interface TransactionsResponse {
  items: TransactionDto[];
  nextCursor: string | null;
}
/** GET /api/reconciliation: the view DTO as the route serves it. */
export type ReconciliationResponse = ReconViewDto;
/** GET /api/reconciliation/history. */
export interface ReconciliationHistoryResponse {
  items: ReconciliationDto[];
  total: number;
}
/** POST /api/reconciliation/bulk-confirm (202). */
export interface BulkConfirmStarted {
  jobId: string;
  total: number;
}
export interface NotificationsResponse {
  items: NotificationDto[];
  unreadCount: number;
}
export interface KpisResponse {
  asOf: string | null;
  kpis: TenantKpi[];
}
