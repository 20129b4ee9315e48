// The few Redis operations the cache needs, implemented by both backends
// (Upstash REST and plain Redis over TCP), so the functions above them do not
// care which one is configured.
import type { Redis as UpstashRedis } from '@upstash/redis';
import type { UpstashTransport } from './upstash-transport';

export type RedisBackendKind = 'upstash' | 'redis';

export interface RedisBackend {
  readonly kind: RedisBackendKind;
  /** An @upstash/redis client on this backend, for @upstash/ratelimit. */
  readonly upstash: UpstashRedis;
  /** Its transport (batching statistics), Upstash backend only. */
  readonly transport?: UpstashTransport;
  get(key: string): Promise<string | null>;
  mget(keys: string[]): Promise<(string | null)[]>;
  /** GETRANGE: bytes start..end (inclusive) of a string value; '' when the key is missing. */
  getrange(key: string, start: number, end: number): Promise<string>;
  /** SET with an expiry in whole seconds. */
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  del(keys: string[]): Promise<number>;
  /** INCR, then (re)sets the key's expiry, atomically in one round trip. */
  incrWithTtl(key: string, ttlSeconds: number): Promise<number>;
  scan(cursor: string, match: string, count: number): Promise<[cursor: string, keys: string[]]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
