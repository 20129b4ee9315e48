'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiRequest } from '@/lib/hooks/fetcher';
import { applyOptimistic, type Rollback } from '@/lib/hooks/optimistic';
import { queryKeys } from '@/lib/hooks/query-keys';
import type { NotificationsResponse } from '@/lib/hooks/types';

export function useNotifications(limit = 20) {
  return useQuery({
    queryKey: queryKeys.notifications(limit),
    queryFn: ({ signal }) => apiGet<NotificationsResponse>('/api/notifications', { limit }, signal),
  });
}

const root = queryKeys.root('notifications');

/** PATCH /api/notifications/[id] {read}: optimistic, unread count included. */
export function useMarkNotificationRead() {
  const client = useQueryClient();
  return useMutation<unknown, Error, { id: string; read?: boolean }, Rollback>({
    mutationFn: ({ id, read = true }) => apiRequest(`/api/notifications/${encodeURIComponent(id)}`, { method: 'PATCH', body: { read } }),
    onMutate: async ({ id, read = true }) => ({
      rollback: await applyOptimistic<NotificationsResponse>(client, root, (old) => {
        const target = old.items.find((n) => n.id === id);
        if (!target || target.read === read) return old;
        return {
          unreadCount: Math.max(0, old.unreadCount + (read ? -1 : 1)),
          items: old.items.map((n) => (n.id === id ? { ...n, read } : n)),
        };
      }),
    }),
    onError: (_err, _vars, ctx) => ctx?.rollback?.(),
    onSettled: () => client.invalidateQueries({ queryKey: root }),
  });
}

/** POST /api/notifications/read-all: optimistic. */
export function useMarkAllNotificationsRead() {
  const client = useQueryClient();
  return useMutation<{ updated: number }, Error, void, Rollback>({
    mutationFn: () => apiRequest('/api/notifications/read-all', { method: 'POST' }),
    onMutate: async () => ({
      rollback: await applyOptimistic<NotificationsResponse>(client, root, (old) => ({
        unreadCount: 0,
        items: old.items.map((n) => ({ ...n, read: true })),
      })),
    }),
    onError: (_err, _vars, ctx) => ctx?.rollback?.(),
    onSettled: () => client.invalidateQueries({ queryKey: root }),
  });
}
