'use client';
// The app's React Query provider (defaults in lib/query-client.ts) with the
// real-time listener mounted once. Wrap signed-in pages with it; pages
// without a session pass realtime={false} (GET /api/events would only 401).
import { QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useSSE } from '@/lib/hooks/use-sse';
import { getBrowserQueryClient } from '@/lib/query-client';

function Realtime({ enabled, since }: { enabled: boolean; since: string | null }) {
  useSSE({ enabled, since });
  return null;
}

/** `since`: the last event id the server render includes (lib/sse.ts eventCursor); events after it are replayed. */
export function QueryProvider({ children, realtime = true, since = null }: { children: ReactNode; realtime?: boolean; since?: string | null }) {
  const [client] = useState(getBrowserQueryClient);
  return (
    <QueryClientProvider client={client}>
      <Realtime enabled={realtime} since={since} />
      {children}
    </QueryClientProvider>
  );
}
