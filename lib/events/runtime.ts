// This process's hub, transport and relay, created on first use and kept on
// globalThis (proxy.ts and the route handlers are separate bundles, and
// tests import modules more than once). One subscription per instance,
// whatever the number of browsers connected to it.
import { env } from '@/lib/env';
import { Hub } from '@/lib/events/hub';
import { Relay } from '@/lib/events/relay';
import { createPostgresTransport } from '@/lib/events/transport/postgres';
import { createRedisTransport, redisChannel } from '@/lib/events/transport/redis';
import type { Transport } from '@/lib/events/transport/types';
import { getPrisma } from '@/lib/prisma';

interface Runtime {
  key: string;
  hub: Hub;
  relay: Relay;
}

const KEY = Symbol.for('concilia.events');
const box = globalThis as Record<symbol, Runtime | undefined>;

function chooseTransport(): { key: string; make: () => Transport } | null {
  const e = env();
  if (!e.DATABASE_URL) return null;
  const wantRedis = e.EVENTS_TRANSPORT === 'redis' || (e.EVENTS_TRANSPORT === 'auto' && Boolean(e.REDIS_URL));
  if (wantRedis && e.REDIS_URL) {
    const url = e.REDIS_URL;
    const channel = redisChannel(e.DATABASE_URL);
    return { key: `redis|${url}|${e.DATABASE_URL}`, make: () => createRedisTransport(url, channel) };
  }
  return { key: `postgres|${e.DATABASE_URL}`, make: createPostgresTransport };
}

/** The relay (started), or null without a database. */
export function getRuntime(): Runtime | null {
  let choice: ReturnType<typeof chooseTransport>;
  try {
    choice = chooseTransport();
  } catch {
    return null;
  }
  if (!choice) return null;
  const current = box[KEY];
  if (current?.key === choice.key) return current;
  if (current) void current.relay.stop();
  const hub = current?.hub ?? new Hub();
  const relay = new Relay({ db: getPrisma, transport: choice.make(), hub, retentionMs: env().EVENTS_RETENTION_MINUTES * 60_000 });
  return (box[KEY] = { key: choice.key, hub, relay });
}

/** The runtime if this process already has one (nothing is started). */
export function peekRuntime(): Runtime | null {
  return box[KEY] ?? null;
}

/** Stops the relay and forgets it (tests that switch transports). */
export async function resetRuntime(): Promise<void> {
  const current = box[KEY];
  box[KEY] = undefined;
  await current?.relay.stop();
}
