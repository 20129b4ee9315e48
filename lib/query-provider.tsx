'use client';
// The app's React Query provider (defaults in lib/query-client.ts) with the
// real-time listener mounted once. Wrap signed-in pages with it; pages
// without a session pass realtime={false} (GET /api/events would only 401).
import { QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useSSE } from '@/lib/hooks/use-sse';
import { getBrowserQueryClient } from '@/lib/query-client';

function Realtime({ enabled }: { enabled: boolean }) {
  useSSE({ enabled });
  return null;
}

export function QueryProvider({ children, realtime = true }: { children: ReactNode; realtime?: boolean }) {
  const [client] = useState(getBrowserQueryClient);
  return (
    <QueryClientProvider client={client}>
      <Realtime enabled={realtime} />
      {children}
    </QueryClientProvider>
  );
}
