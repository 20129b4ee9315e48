// One LISTEN connection per process: PostgreSQL NOTIFY is how instances tell
// each other that something changed (auth lookups today, live events next).
// A dedicated pg.Client, not the pool: LISTEN is per connection and a pooled
// connection goes back to others. It reconnects on its own with backoff, and
// reports its state so that whoever relies on notifications (a cache) stops
// relying on them while they may be missed: notifications sent while the
// connection is down are lost, not queued.
// Through a transaction-mode pooler (PgBouncer) LISTEN does not work; the
// connection then never reports `connected` and its users stay on the
// database path.
import pg from 'pg';
import { env } from '@/lib/env';
import { log } from '@/lib/log';

type Handler = (payload: string) => void;
type StateHandler = (connected: boolean) => void;

const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5000;

export class PgListener {
  private client: pg.Client | null = null;
  private readonly handlers = new Map<string, Set<Handler>>();
  private readonly stateHandlers = new Set<StateHandler>();
  private connectedFlag = false;
  private stopped = true;
  private retryMs = RETRY_MIN_MS;
  private retryTimer: NodeJS.Timeout | null = null;
  private connecting: Promise<void> | null = null;
  private readonly waiters = new Map<string, () => void>();

  constructor(private readonly connectionString: string) {}

  get connected(): boolean {
    return this.connectedFlag;
  }

  /** The server process id of the LISTEN connection (for diagnostics), or null. */
  get backendPid(): number | null {
    return (this.client as unknown as { processID?: number } | null)?.processID ?? null;
  }

  /** Subscribes to a channel (LISTENs on it once connected). */
  on(channel: string, handler: Handler): () => void {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`invalid channel name: ${channel}`);
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      if (this.client && this.connectedFlag) this.client.query(`LISTEN ${channel}`).catch((err: unknown) => this.fail(err));
    }
    set.add(handler);
    return () => set.delete(handler);
  }

  onStateChange(handler: StateHandler): () => void {
    this.stateHandlers.add(handler);
    return () => this.stateHandlers.delete(handler);
  }

  /** Connects (idempotent); resolves once listening, or after the first failed attempt (retries continue). */
  start(): Promise<void> {
    this.stopped = false;
    if (this.connectedFlag) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const client = this.client;
    this.client = null;
    this.setConnected(false);
    await client?.end().catch(() => undefined);
  }

  /**
   * Resolves once every notification committed on `channel` before this call
   * has been handled here: it sends a marker through the same channel and
   * waits for it (one connection delivers in commit order).
   */
  async barrier(channel: string, notify: (payload: string) => Promise<unknown>, timeoutMs = 5000): Promise<void> {
    const marker = `barrier:${process.pid}:${Math.random().toString(36).slice(2)}`;
    const seen = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(marker);
        reject(new Error(`no notification on ${channel} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.set(marker, () => {
        clearTimeout(timer);
        resolve();
      });
    });
    await notify(marker);
    await seen;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString, application_name: 'concilia-listener' });
    client.on('error', (err) => this.fail(err, client));
    client.on('end', () => this.fail(new Error('connection ended'), client));
    client.on('notification', (msg) => this.dispatch(msg.channel, msg.payload ?? ''));
    try {
      await client.connect();
      for (const channel of this.handlers.keys()) await client.query(`LISTEN ${channel}`);
      if (this.stopped) {
        await client.end().catch(() => undefined);
        return;
      }
      // The listener must not keep a script or test process alive on its own.
      (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
      this.client = client;
      this.retryMs = RETRY_MIN_MS;
      this.setConnected(true);
    } catch (err) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      this.fail(err);
    }
  }

  private dispatch(channel: string, payload: string): void {
    const waiter = this.waiters.get(payload);
    if (waiter) {
      this.waiters.delete(payload);
      waiter();
      return;
    }
    for (const handler of this.handlers.get(channel) ?? []) {
      try {
        handler(payload);
      } catch (err) {
        log('error', 'notification handler failed', { channel, err });
      }
    }
  }

  private fail(err: unknown, from?: pg.Client): void {
    if (from && from !== this.client) return;
    const wasConnected = this.connectedFlag;
    if (this.client) {
      const dead = this.client;
      this.client = null;
      dead.removeAllListeners('end');
      dead.end().catch(() => undefined);
    }
    this.setConnected(false);
    if (this.stopped || this.retryTimer) return;
    log(wasConnected ? 'warn' : 'debug', 'notification listener disconnected, retrying', {
      err: err instanceof Error ? err.message : String(err),
      retryMs: this.retryMs,
    });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.start();
    }, this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
  }

  private setConnected(value: boolean): void {
    if (this.connectedFlag === value) return;
    this.connectedFlag = value;
    for (const handler of this.stateHandlers) handler(value);
  }
}

// On globalThis: proxy.ts and the route handlers are separate bundles and
// must share one connection.
const SHARED_KEY = Symbol.for('concilia.pgListener');
type Shared = { url: string; listener: PgListener } | null;
const box = globalThis as Record<symbol, Shared | undefined>;

/** This process's listener on DATABASE_URL (started on first call), or null without a database URL. */
export function getListener(): PgListener | null {
  let shared = box[SHARED_KEY] ?? null;
  let url: string | undefined;
  try {
    url = env().DATABASE_URL;
  } catch {
    url = undefined;
  }
  if (!url) return null;
  if (shared?.url !== url) {
    void shared?.listener.stop();
    shared = box[SHARED_KEY] = { url, listener: new PgListener(url) };
    // From here on it reconnects by itself; stop() keeps it down.
    void shared.listener.start();
  }
  return shared.listener;
}
