// React Query defaults (seed section 5), shared by the browser provider and
// the per-request server client that prefetches for hydration.
import { QueryClient, defaultShouldDehydrateQuery } from '@tanstack/react-query';
import { ApiClientError } from '@/lib/api-client';

export const STALE_TIME_MS = 60_000;
export const GC_TIME_MS = 10 * 60_000;
const MAX_RETRY_DELAY_MS = 30_000;

/** Two retries, never for a 4xx: the same request would fail the same way (and 429 says wait). */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiClientError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

/** 1 s, 2 s, 4 s …, capped. */
export const retryDelay = (attempt: number) => Math.min(1000 * 2 ** attempt, MAX_RETRY_DELAY_MS);

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: STALE_TIME_MS, gcTime: GC_TIME_MS, refetchOnWindowFocus: true, retry: shouldRetry, retryDelay },
      mutations: { retry: false },
      // Pending queries are dehydrated too, so a page can stream what it started on the server.
      dehydrate: { shouldDehydrateQuery: (q) => defaultShouldDehydrateQuery(q) || q.state.status === 'pending' },
    },
  });
}

let browserClient: QueryClient | undefined;

/** In the browser one client for the page's life; on the server a new one each call. */
export function getBrowserQueryClient(): QueryClient {
  if (typeof window === 'undefined') return makeQueryClient();
  return (browserClient ??= makeQueryClient());
}
