// The seed's raw-key cache functions. New code should use cached() and the
// generation-based invalidation of lib/cache, which these do not know about.
// Reads fail open (any failure is a miss); failed writes are logged by
// redisCall and dropped.
import { redisCall } from './call';
import { redisLogger, tenantOfKey } from './log';

const SCAN_PAGE = 500;

const wholeSeconds = (ttl: number) => Math.max(1, Math.ceil(ttl));

export async function getCached<T>(key: string): Promise<T | null> {
  const out = await redisCall('GET', { key }, (r) => r.get(key));
  if (!out.ok || out.value === null) return null;
  try {
    return JSON.parse(out.value) as T;
  } catch {
    redisLogger.log('warn', 'unreadable cache entry treated as a miss', { key, tenantId: tenantOfKey(key) });
    return null;
  }
}

/** Stores JSON-serialisable data for ttl seconds. */
export async function setCached<T>(key: string, data: T, ttl: number): Promise<void> {
  const text = JSON.stringify(data);
  if (text === undefined) return;
  await redisCall('SET', { key }, (r) => r.set(key, text, wholeSeconds(ttl)));
}

export async function invalidateCache(...keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await redisCall('DEL', { key: keys[0] }, (r) => r.del(keys));
}

/**
 * Deletes every key matching a glob pattern. Cost: SCAN walks the WHOLE
 * keyspace, one round trip per 500 keys of the database (not of the match),
 * so it grows with everything stored. Kept for seed callers only; tenant-wide
 * invalidation is invalidateTenant() in lib/cache, a single INCR.
 * Stops at the first failed call and returns how many keys it deleted.
 */
export async function invalidatePattern(pattern: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const page = await redisCall('SCAN', { key: pattern }, (r) => r.scan(cursor, pattern, SCAN_PAGE));
    if (!page.ok) return deleted;
    const [next, keys] = page.value;
    cursor = next;
    if (keys.length > 0) {
      const del = await redisCall('DEL', { key: pattern }, (r) => r.del(keys));
      if (!del.ok) return deleted;
      deleted += del.value;
    }
  } while (cursor !== '0');
  return deleted;
}
