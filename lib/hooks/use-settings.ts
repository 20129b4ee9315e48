'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiRequest } from '@/lib/hooks/fetcher';
import { queryKeys } from '@/lib/hooks/query-keys';
import type { SettingsDto, SettingsUpdate } from '@/lib/hooks/types';
import type { WebhookDto } from '@/lib/pluggy/webhooks/setup';

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

/** GET /api/pluggy/webhooks (ADMIN): where Pluggy delivers this firm's events. */
export function useWebhooks(enabled = true) {
  return useQuery({
    queryKey: [...queryKeys.settings(), 'webhooks'] as const,
    queryFn: ({ signal }) => apiGet<{ webhooks: WebhookDto[] }>('/api/pluggy/webhooks', undefined, signal),
    enabled,
  });
}

/** POST /api/pluggy/webhooks/setup (ADMIN): registers the events, rotating the secret when some exist. */
export function useSetupWebhooks() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<{ webhooks: WebhookDto[]; rotated: boolean }>('/api/pluggy/webhooks/setup', { method: 'POST', body: {} }),
    onSettled: () => client.invalidateQueries({ queryKey: [...queryKeys.settings(), 'webhooks'] }),
  });
}
