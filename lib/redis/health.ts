import type { RedisBackendKind } from './backend';
import { redisCall } from './call';
import { getRedisBackend } from './client';

export interface RedisHealth {
  state: 'absent' | 'reachable' | 'unreachable';
  latencyMs?: number;
  backend?: RedisBackendKind;
}

/** For GET /api/health: a PING bounded by REDIS_TIMEOUT_MS; never throws. */
export async function redisHealth(): Promise<RedisHealth> {
  const backend = getRedisBackend();
  if (!backend) return { state: 'absent' };
  const started = performance.now();
  const out = await redisCall('PING', {}, (r) => r.ping());
  if (!out.ok) return { state: 'unreachable', backend: backend.kind };
  return { state: 'reachable', latencyMs: Math.round((performance.now() - started) * 10) / 10, backend: backend.kind };
}
