// Response shapes of the routes the hooks read: the domain DTOs (type-only
// imports, nothing of the server is bundled).
export type { AccountDto } from '@/lib/pluggy/accounts';
export type { TransactionDto } from '@/lib/pluggy/transactions';
export type { NotificationDto } from '@/lib/notifications/notifications';
export type { SettingsDto } from '@/lib/settings/settings';
export type { SettingsUpdate } from '@/lib/settings/schema';
export type { ReconciliationDto } from '@/lib/reconciliation/records';
export type { TenantKpi } from '@/lib/kpi-view/read';

import type { AccountDto } from '@/lib/pluggy/accounts';
import type { NotificationDto } from '@/lib/notifications/notifications';
import type { ReconciliationDto } from '@/lib/reconciliation/records';
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
export interface ReconciliationResponse {
  items: ReconciliationDto[];
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
