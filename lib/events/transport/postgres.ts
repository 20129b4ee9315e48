// LISTEN/NOTIFY over the process's one LISTEN connection (lib/db/listener.ts).
// The NOTIFY is issued only by a relay flush (a few per second per instance
// at most), never by a domain write: a transaction that NOTIFYs takes a
// database-wide lock at commit, which serialises every such commit.
import { getListener } from '@/lib/db/listener';
import type { Tx } from '@/lib/prisma';
import type { Transport } from './types';

export const EVENTS_CHANNEL = 'concilia_events';

export function createPostgresTransport(): Transport {
  return {
    name: 'postgres',
    notifyChannel: EVENTS_CHANNEL,
    get connected() {
      return getListener()?.connected ?? false;
    },
    async publishInTx(tx: Tx, payloads: string[]) {
      for (const payload of payloads) await tx.$executeRaw`SELECT pg_notify(${EVENTS_CHANNEL}, ${payload})`;
    },
    async publishAfterCommit() {},
    subscribe(onMessage, onState) {
      const listener = getListener();
      if (!listener) return () => undefined;
      const off = listener.on(EVENTS_CHANNEL, onMessage);
      const offState = listener.onStateChange(onState);
      if (listener.connected) queueMicrotask(() => onState(true));
      return () => {
        off();
        offState();
      };
    },
    async stop() {},
  };
}
