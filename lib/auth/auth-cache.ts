// Every API request asks "whose session is this token?" and "which tenant and
// role does this user act with?". Both answers change rarely, so each
// instance keeps them in memory for up to AUTH_CACHE_TTL_MS, and forgets them
// the moment they change:
// - Database triggers (migration 20261129000200) NOTIFY concilia_auth on any
//   change to sessions, users, memberships or tenants, whatever made it.
//   Every instance LISTENs (lib/db/listener.ts) and drops the user's entries.
// - The domain functions that make such changes also forget locally right
//   after they commit (forgetUser / forgetToken), so the next request on the
//   same instance never races its own notification.
// - Nothing is reused while the LISTEN connection is down (notifications
//   sent meanwhile are lost), and everything is dropped when it comes back.
// - Race rule: a lookup that was running when a change arrived is returned
//   to its caller but not stored when that change concerned its user (a
//   short log of recent changes, by sequence number).
// Only positive session lookups are kept (an unknown token always asks the
// database), and each entry also expires with its session.
// Single flight: a page fires several API requests with one cookie at once;
// they share one lookup instead of each querying the database. A caller joins
// a lookup in flight only if no change at all arrived since it started, so a
// request that follows a sign-out never gets an answer read before it.
// The state lives on globalThis: Next.js bundles proxy.ts and the route
// handlers separately, and both must see the same entries and forgets.
import { env } from '@/lib/env';
import { getListener, type PgListener } from '@/lib/db/listener';
import { getPrisma } from '@/lib/prisma';

export const AUTH_CHANNEL = 'concilia_auth';
const MAX_ENTRIES = 20_000;

interface Entry<V> {
  value: V;
  userId: string;
  expiresAt: number;
}

class Store<V> {
  private readonly map = new Map<string, Entry<V>>();
  /** Lookups in flight, by key, with the change sequence they started at. */
  readonly flights = new Map<string, { startedAt: number; promise: Promise<V> }>();

  get(key: string, now: number): V | undefined {
    const e = this.map.get(key);
    if (!e) return undefined;
    if (e.expiresAt <= now) {
      this.map.delete(key);
      return undefined;
    }
    return e.value;
  }

  set(key: string, entry: Entry<V>): void {
    this.map.delete(key);
    this.map.set(key, entry);
    // Oldest first: Map keeps insertion order.
    if (this.map.size > MAX_ENTRIES) this.map.delete(this.map.keys().next().value as string);
  }

  delete(key: string): void {
    this.map.delete(key);
  }

  deleteUser(userId: string): void {
    for (const [k, e] of this.map) if (e.userId === userId) this.map.delete(k);
  }

  clear(): void {
    this.map.clear();
  }

  get size(): number {
    return this.map.size;
  }
}

/** Changes kept to judge lookups still running; a lookup older than the log is not stored. */
const CHANGE_LOG_MAX = 10_000;

interface State {
  /** Sequence number of the latest change. */
  seq: number;
  /** Recent changes, oldest first: whose ('*' = everyone's). */
  changes: { seq: number; userId: string }[];
  stores: Map<string, Store<unknown>>;
  subscribed: PgListener | null;
}

const STATE_KEY = Symbol.for('concilia.authCache');
const state: State = ((globalThis as Record<symbol, unknown>)[STATE_KEY] as State | undefined) ??
  ((globalThis as Record<symbol, unknown>)[STATE_KEY] = { seq: 0, changes: [], stores: new Map(), subscribed: null } satisfies State) as State;

function recordChange(userId: string): void {
  state.seq++;
  state.changes.push({ seq: state.seq, userId });
  if (state.changes.length > CHANGE_LOG_MAX) state.changes.splice(0, state.changes.length - CHANGE_LOG_MAX);
}

/** Whether a change since `since` may concern `userId` (unknown = yes). */
function changedSince(since: number, userId: string): boolean {
  if (state.seq === since) return false;
  const oldest = state.changes[0];
  if (!oldest || oldest.seq > since + 1) return true;
  for (let i = state.changes.length - 1; i >= 0 && state.changes[i]!.seq > since; i--) {
    const who = state.changes[i]!.userId;
    if (who === '*' || who === userId) return true;
  }
  return false;
}

/** Drops everything this instance remembers (a tenant changed, or notifications may have been missed). */
export function forgetAll(): void {
  recordChange('*');
  for (const s of state.stores.values()) s.clear();
}

/** Drops what this instance remembers about a user (sessions, membership). */
export function forgetUser(userId: string): void {
  recordChange(userId);
  for (const s of state.stores.values()) s.deleteUser(userId);
}

function onNotification(payload: string): void {
  if (payload.startsWith('u:')) forgetUser(payload.slice(2));
  else if (!payload.startsWith('barrier:')) forgetAll();
}

/** The listener when reuse is allowed right now, else null (and nothing is reused). */
function liveListener(): PgListener | null {
  let ttl: number;
  try {
    ttl = env().AUTH_CACHE_TTL_MS;
  } catch {
    return null;
  }
  if (ttl <= 0) return null;
  const listener = getListener();
  if (!listener) return null;
  if (state.subscribed !== listener) {
    state.subscribed = listener;
    forgetAll();
    listener.on(AUTH_CHANNEL, onNotification);
    // Up or down, what we hold may have missed notifications.
    listener.onStateChange(() => forgetAll());
  }
  return listener.connected ? listener : null;
}

type Describe<V> = (value: V) => { userId: string; expiresAt?: number } | null;

export interface CachedLookup<V> {
  /** The value for `key`: remembered, or loaded (and remembered when allowed). */
  get(key: string, load: () => Promise<V>, describe: Describe<V>): Promise<V>;
  /**
   * Remembers a value another query loaded, as get() would have: only while
   * reuse is on and if no change to its user arrived since `since`
   * (authSeq() read before that query started).
   */
  prime(key: string, value: V, describe: Describe<V>, since: number): void;
  readonly size: number;
}

/** The current change sequence number, to pass to prime() for a query about to start. */
export function authSeq(): number {
  return state.seq;
}

/**
 * A remembered lookup, one per name in the process. `describe` says whose
 * value it is and when it stops being valid on its own; returning null means
 * "do not remember".
 */
export function cachedLookup<V>(name: string): CachedLookup<V> {
  let store = state.stores.get(name) as Store<V> | undefined;
  if (!store) {
    store = new Store<V>();
    state.stores.set(name, store as Store<unknown>);
  }
  const s = store;
  const remember = (key: string, value: V, describe: Describe<V>, since: number, now: number) => {
    const d = describe(value);
    if (!d || changedSince(since, d.userId)) return;
    const ttl = env().AUTH_CACHE_TTL_MS;
    s.set(key, { value, userId: d.userId, expiresAt: Math.min(now + ttl, d.expiresAt ?? Infinity) });
  };
  return {
    async get(key, load, describe) {
      const now = Date.now();
      const live = liveListener();
      if (live) {
        const hit = s.get(key, now);
        if (hit !== undefined) return hit;
      }
      const startedAt = state.seq;
      if (!live) return load();
      const flight = s.flights.get(key);
      if (flight && flight.startedAt === startedAt) return flight.promise;
      const promise = load().then((value) => {
        if (live.connected) remember(key, value, describe, startedAt, now);
        return value;
      });
      const mine = { startedAt, promise };
      s.flights.set(key, mine);
      const done = () => {
        if (s.flights.get(key) === mine) s.flights.delete(key);
      };
      promise.then(done, done);
      return promise;
    },
    prime(key, value, describe, since) {
      const live = liveListener();
      if (live) remember(key, value, describe, since, Date.now());
    },
    get size() {
      return s.size;
    },
  };
}

/** Resolves once every auth change committed before the call has reached this instance. */
export async function authChangesSettled(): Promise<void> {
  const listener = liveListener();
  if (!listener) return;
  await listener.barrier(AUTH_CHANNEL, (payload) => getPrisma().$executeRaw`SELECT pg_notify(${AUTH_CHANNEL}, ${payload})`);
}

/** Whether lookups are being reused right now (the listener is up and reuse is on). */
export function authCacheActive(): boolean {
  return liveListener() !== null;
}
