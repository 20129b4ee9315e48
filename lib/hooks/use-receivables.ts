'use client';
// Cobranças: GET /api/receivables. Its key sits under the 'reconciliation'
// root, so the events that refresh the reconciliation refresh it too.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { BillingQuery, BillingViewDto } from '@/lib/billing/reminders';
import { extraKeys } from '@/lib/hooks/extra-keys';
import { apiGet } from '@/lib/hooks/fetcher';

export type { BillingQuery, BillingViewDto };

export function useReceivables(params: BillingQuery) {
  return useQuery({
    queryKey: extraKeys.receivables(params),
    queryFn: ({ signal }) => apiGet<BillingViewDto>('/api/receivables', { ...params }, signal),
    placeholderData: keepPreviousData,
  });
}
