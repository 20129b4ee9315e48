'use client';
import { useQuery } from '@tanstack/react-query';
import { apiGet } from '@/lib/hooks/fetcher';
import { queryKeys } from '@/lib/hooks/query-keys';
import type { KpisResponse } from '@/lib/hooks/types';

/** GET /api/kpis?month=AAAA-MM (every month without one). Refreshed by `kpis_updated`. */
export function useKpis(month?: string) {
  return useQuery({
    queryKey: queryKeys.kpis(month),
    queryFn: ({ signal }) => apiGet<KpisResponse>('/api/kpis', { month }, signal),
  });
}
