// How the relays of all instances hear of each other's flushes. One
// subscription per instance; payloads are JSON arrays of published events.
import type { Tx } from '@/lib/prisma';

export type TransportName = 'postgres' | 'redis';

export interface Transport {
  readonly name: TransportName;
  readonly connected: boolean;
  /**
   * Called inside the flush transaction, after the rows are written and
   * while the cursor row is locked. PostgreSQL queues a NOTIFY (delivered at
   * commit, in commit order); Redis publishes nothing yet.
   */
  publishInTx(tx: Tx, payloads: string[]): Promise<void>;
  /**
   * PostgreSQL: the NOTIFY channel, so a relay flush that is one statement
   * can NOTIFY from inside it (same commit, same order). null: nothing is
   * published in the writing transaction.
   */
  readonly notifyChannel: string | null;
  /** Called after the flush committed (Redis publishes here). */
  publishAfterCommit(payloads: string[]): Promise<void>;
  /** The instance's one subscription. `onState(true)` also fires after every reconnect. */
  subscribe(onMessage: (payload: string) => void, onState: (connected: boolean) => void): () => void;
  stop(): Promise<void>;
}

/** PostgreSQL NOTIFY payloads are capped at 8000 bytes. */
export const MAX_PAYLOAD_BYTES = 7500;
