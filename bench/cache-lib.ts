// Cost of the cache layer over the Upstash REST bridge and a local Redis:
// HIT latency (sequential and concurrent), MISS+store, and invalidating a
// tenant with many entries — generation INCR vs the seed's SCAN + DEL.
//   npx tsx bench/cache-lib.ts            (Redis at REDIS_URL or 127.0.0.1:6379, db 14)
import { randomUUID } from 'node:crypto';
import { cached, invalidateTenant } from '@/lib/cache';
import { resetEnvCache } from '@/lib/env';
import { invalidatePattern, resetRedisForTests, setCached } from '@/lib/redis';
import { startUpstashBridge } from '@/tools/upstash-bridge/server';
import { timeCalls } from './lib/load';

async function timed(label: string, n: number, fn: (i: number) => Promise<unknown>, concurrency = 1): Promise<void> {
  const r = await timeCalls(n, concurrency, fn);
  console.log(
    `${label.padEnd(44)} n=${n} c=${concurrency}  p50=${r.p50.toFixed(2)}ms  p99=${r.p99.toFixed(2)}ms  ${Math.round(r.opsPerSecond)}/s`,
  );
}

async function main(): Promise<void> {
  const bridge = await startUpstashBridge({ redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', db: 14, token: 'bench' });
  process.env.UPSTASH_REDIS_REST_URL = bridge.url;
  process.env.UPSTASH_REDIS_REST_TOKEN = bridge.token;
  delete process.env.REDIS_URL;
  process.env.REDIS_SLOW_MS = '10000';
  resetEnvCache();
  resetRedisForTests();

  const tenantId = randomUUID();
  const payload = { rows: Array.from({ length: 50 }, (_, i) => ({ id: i, description: `PIX recebido ${i}`, amount: '1234.56' })) };
  await cached({ tenantId, resource: 'accounts', compute: async () => payload });

  await timed('HIT (one MGET)', 2000, () => cached({ tenantId, resource: 'accounts', compute: async () => payload }));
  await timed('HIT, concurrent', 5000, () => cached({ tenantId, resource: 'accounts', compute: async () => payload }), 64);
  await timed('MISS + store (txns, distinct params)', 1000, (i) =>
    cached({ tenantId, resource: 'txns', params: { page: i }, compute: async () => payload }),
  );

  for (const entries of [100, 5000]) {
    const t = randomUUID();
    for (let i = 0; i < entries; i += 500) {
      await Promise.all(Array.from({ length: Math.min(500, entries - i) }, (_, j) => setCached(`tenant:${t}:txns:${i + j}`, 1, 120)));
    }
    bridge.resetStats();
    let s = performance.now();
    await invalidateTenant(t);
    const incr = { ms: performance.now() - s, commands: bridge.stats().total };
    bridge.resetStats();
    s = performance.now();
    await invalidatePattern(`tenant:${t}:*`);
    const scan = { ms: performance.now() - s, commands: bridge.stats().total };
    console.log(
      `invalidate tenant with ${entries} entries: INCR ${incr.ms.toFixed(2)}ms (${incr.commands} cmd)  SCAN+DEL ${scan.ms.toFixed(2)}ms (${scan.commands} cmd)`,
    );
  }
  await bridge.close();
  resetRedisForTests();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
