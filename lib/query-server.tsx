// Server components prefetch what a page shows and hand it to the browser's
// cache, so the first render has data without one request per widget:
//
//   export default async function Page() {
//     const { tenantId } = await requirePageTenant();          // the page's own auth
//     await prefetch(queryKeys.accounts(), () => listAccounts(getPrisma(), tenantId));
//     return <Hydrated><AccountsWidget /></Hydrated>;           // useAccounts() reads it
//   }
//
// The key must be the one the hook uses (lib/hooks/query-keys.ts) and the
// function must return what the route returns: the value goes through JSON
// here, exactly as over HTTP, so a Date can never reach the cache as a Date.
import { cache, type ReactNode } from 'react';
import { HydrationBoundary, dehydrate, type QueryKey } from '@tanstack/react-query';
import { makeQueryClient } from '@/lib/query-client';

/** One client per request (React's cache() is per server render). */
export const getQueryClient = cache(makeQueryClient);

export async function prefetch<T>(queryKey: QueryKey, fn: () => Promise<T>): Promise<void> {
  await getQueryClient().prefetchQuery({ queryKey, queryFn: async () => JSON.parse(JSON.stringify(await fn())) as T });
}

export function Hydrated({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}
