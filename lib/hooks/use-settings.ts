'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiRequest } from '@/lib/hooks/fetcher';
import { queryKeys } from '@/lib/hooks/query-keys';
import type { SettingsDto, SettingsUpdate } from '@/lib/hooks/types';

export function useSettings() {
  return useQuery({ queryKey: queryKeys.settings(), queryFn: ({ signal }) => apiGet<SettingsDto>('/api/settings', undefined, signal) });
}

/** POST /api/settings (ADMIN). Weights and thresholds change how matches are scored. */
export function useUpdateSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (update: SettingsUpdate) => apiRequest<SettingsDto>('/api/settings', { method: 'POST', body: update }),
    onSuccess: (saved) => client.setQueryData(queryKeys.settings(), saved),
    onSettled: (_data, _err, update) =>
      Promise.all([
        client.invalidateQueries({ queryKey: queryKeys.settings() }),
        update.weights || update.thresholds ? client.invalidateQueries({ queryKey: queryKeys.root('reconciliation') }) : null,
      ]),
  });
}

/** POST /api/settings/test-pluggy and /test-advbox: checks the stored credentials; changes nothing cached. */
export function useTestConnection(target: 'pluggy' | 'advbox') {
  return useMutation({ mutationFn: () => apiRequest<unknown>(`/api/settings/test-${target}`, { method: 'POST' }) });
}
