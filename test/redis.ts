// Tests talk to a real Redis, the one globalSetup chose for the run
// (test/harness/redis.ts: TEST_REDIS_URL, 127.0.0.1:6379, or one started for
// the run), through the Upstash REST bridge, in a logical database of their
// own (TEST_REDIS_DB, default 15) so they never touch development data. Test
// files run in parallel and share that database: isolate by unique tenant ids
// and identifiers, never FLUSHDB.
//
// A file that needs Redis declares each top-level suite with
// `describe.skipIf(noRedis)`: when no Redis could be had (outside CI), all of
// them skip, and so do the file's own beforeAll/afterAll.
//
//   const redis = await startTestRedis();   // env points at the bridge
//   await redis.hang();                     // calls now hang until they time out
//   redis.heal();                           // back to the healthy bridge
//   await redis.stop();                     // env restored
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, inject } from 'vitest';
import { resetEnvCache } from '@/lib/env';
import { resetRedisForTests } from '@/lib/redis';
import { startUpstashBridge, type UpstashBridge } from '@/tools/upstash-bridge/server';

const ENV_VARS = ['UPSTASH_REDIS_REST_URL', 'UPSTASH_REDIS_REST_TOKEN', 'REDIS_URL'] as const;
type EnvSnapshot = Partial<Record<(typeof ENV_VARS)[number], string>>;

const chosenUrl = inject('redisUrl');
/** No Redis for this run (globalSetup printed why): Redis-backed suites skip. */
export const noRedis = chosenUrl === null;
export const TEST_REDIS_URL = chosenUrl ?? 'redis://no-redis-for-this-run.invalid';

/** A file that reaches here with no Redis forgot its gate: say which one it needs. */
function requireRedis(): void {
  if (noRedis) throw new Error('No Redis for this run (the [test] line above says why): declare this file\'s suites with describe.skipIf(noRedis) from test/redis.ts');
}
export const TEST_REDIS_DB = Number(process.env.TEST_REDIS_DB ?? 15);

function applyRedisEnv(values: EnvSnapshot): void {
  for (const name of ENV_VARS) {
    const value = values[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetEnvCache();
  resetRedisForTests();
}

/** Runs the code under test without any Redis configured. */
export function useNoRedis(): void {
  applyRedisEnv({});
}

/** A TCP server that accepts connections and never answers: calls to it hang. */
export async function startBlackHole(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listen(server);
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

/** A port nothing listens on (connections are refused). */
async function closedPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface TestRedis {
  bridge: UpstashBridge;
  /** Direct connection to the test database, for inspecting keys (PTTL, EXISTS). */
  raw: Redis;
  db: number;
  /** A prefix unique to this run, for identifiers and tenant ids. */
  runId: string;
  /** Point the app at an endpoint that accepts connections and never replies. */
  hang(): Promise<void>;
  /** Point the app at a port where nothing listens. */
  refuse(): Promise<void>;
  /** Point the app back at the healthy Redis. */
  heal(): void;
  /** Stop the bridge, close connections, restore the previous environment. */
  stop(): Promise<void>;
}

/**
 * Starts the bridge on a free port and points UPSTASH_REDIS_REST_URL/_TOKEN at
 * it (backend 'upstash', the default), or points REDIS_URL straight at Redis
 * (backend 'redis', the TCP backend).
 */
export async function startTestRedis(options: { backend?: 'upstash' | 'redis'; db?: number } = {}): Promise<TestRedis> {
  requireRedis();
  const db = options.db ?? TEST_REDIS_DB;
  const backend = options.backend ?? 'upstash';
  const previous: EnvSnapshot = Object.fromEntries(ENV_VARS.map((n) => [n, process.env[n]]));
  const bridge = await startUpstashBridge({ redisUrl: TEST_REDIS_URL, db, token: randomBytes(16).toString('hex') });
  const raw = new Redis(TEST_REDIS_URL, { db });
  let blackHole: Awaited<ReturnType<typeof startBlackHole>> | undefined;

  const pointAt = (host: string) => {
    if (backend === 'upstash') applyRedisEnv({ UPSTASH_REDIS_REST_URL: `http://${host}`, UPSTASH_REDIS_REST_TOKEN: bridge.token });
    else applyRedisEnv({ REDIS_URL: `redis://${host}/${db}` });
  };
  const healthyHost = backend === 'upstash' ? new URL(bridge.url).host : new URL(TEST_REDIS_URL).host;
  pointAt(healthyHost);

  return {
    bridge,
    raw,
    db,
    runId: randomUUID().slice(0, 8),
    hang: async () => {
      blackHole ??= await startBlackHole();
      pointAt(`127.0.0.1:${blackHole.port}`);
    },
    refuse: async () => pointAt(`127.0.0.1:${await closedPort()}`),
    heal: () => pointAt(healthyHost),
    stop: async () => {
      applyRedisEnv(previous);
      await blackHole?.close();
      raw.disconnect();
      await bridge.close();
    },
  };
}

/**
 * A bridge and a direct connection for one test file, leaving the app's
 * environment alone: started before its tests, and after them the keys under
 * `ns` deleted and both closed. Read the fields inside tests, not at import.
 */
export function scratchBridge(ns: string): { readonly bridge: UpstashBridge; readonly raw: Redis } {
  const state = {} as { bridge: UpstashBridge; raw: Redis };
  beforeAll(async () => {
    requireRedis();
    state.bridge = await startUpstashBridge({ redisUrl: TEST_REDIS_URL, db: TEST_REDIS_DB, token: randomBytes(16).toString('hex') });
    state.raw = new Redis(TEST_REDIS_URL, { db: TEST_REDIS_DB });
  });
  afterAll(async () => {
    const keys = await state.raw.keys(`${ns}*`);
    if (keys.length) await state.raw.del(keys);
    state.raw.disconnect();
    await state.bridge.close();
  });
  return state;
}
