// Optimistic updates over every cached variant of a resource (each filter or
// page size is its own query): apply now, roll back on error, refetch after.
import type { QueryClient, QueryKey } from '@tanstack/react-query';

export async function applyOptimistic<T>(client: QueryClient, root: QueryKey, update: (old: T) => T): Promise<() => void> {
  await client.cancelQueries({ queryKey: root });
  const snapshot = client.getQueriesData<T>({ queryKey: root });
  client.setQueriesData<T>({ queryKey: root }, (old) => (old === undefined ? old : update(old)));
  return () => {
    for (const [key, data] of snapshot) client.setQueryData(key, data);
  };
}

export type Rollback = { rollback?: () => void };
