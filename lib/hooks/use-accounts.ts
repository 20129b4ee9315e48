'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiRequest } from '@/lib/hooks/fetcher';
import { queryKeys } from '@/lib/hooks/query-keys';
import type { AccountDto, AccountsResponse } from '@/lib/hooks/types';

export function useAccounts() {
  return useQuery({ queryKey: queryKeys.accounts(), queryFn: ({ signal }) => apiGet<AccountsResponse>('/api/pluggy/accounts', undefined, signal) });
}

/** PATCH /api/pluggy/accounts/[id]: the display name also shows in transaction listings. */
export function useRenameAccount() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, displayName }: { id: string; displayName: string | null }) =>
      apiRequest<AccountDto>(`/api/pluggy/accounts/${encodeURIComponent(id)}`, { method: 'PATCH', body: { displayName } }),
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: queryKeys.accounts() }),
        client.invalidateQueries({ queryKey: queryKeys.root('transactions') }),
      ]),
  });
}
