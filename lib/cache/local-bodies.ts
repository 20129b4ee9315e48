// Bodies of cache entries this instance has already fetched or computed,
// kept in memory so a HIT does not pull the same body out of Redis again
// (an 18 KB transaction page is most of a HIT's Redis traffic and CPU).
// Redis stays the authority: a body held here is only served after Redis
// said, on this very read, that the current entry has the same ETag — and
// the ETag is a hash of the body, so equal ETags mean equal bytes. An
// invalidation therefore takes effect here exactly as it does in Redis.
// Bounded by CACHE_LOCAL_MAX_MB, least recently used out first; shared by
// every route bundle of the process through globalThis.
import { env } from '@/lib/env';

interface Held {
  etag: string;
  bytes: Uint8Array<ArrayBuffer>;
}

export class LocalBodies {
  private readonly map = new Map<string, Held>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get enabled(): boolean {
    return this.maxBytes > 0;
  }

  /** Whether some body (of any ETag) is held for `key`. */
  has(key: string): boolean {
    return this.map.has(key);
  }

  /** The body held for `key` if it is the one with this ETag. */
  get(key: string, etag: string): Uint8Array<ArrayBuffer> | undefined {
    const held = this.map.get(key);
    if (!held || held.etag !== etag) return undefined;
    this.map.delete(key);
    this.map.set(key, held);
    return held.bytes;
  }

  set(key: string, etag: string, bytes: Uint8Array<ArrayBuffer>): void {
    this.delete(key);
    // One body may not take over the store.
    if (!this.enabled || bytes.byteLength > this.maxBytes / 8) return;
    this.map.set(key, { etag, bytes });
    this.bytes += bytes.byteLength;
    for (const [k] of this.map) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(k);
    }
  }

  delete(key: string): void {
    const held = this.map.get(key);
    if (!held) return;
    this.map.delete(key);
    this.bytes -= held.bytes.byteLength;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.map.size, bytes: this.bytes };
  }
}

const KEY = Symbol.for('concilia.cache.localBodies');
type Slot = { store: LocalBodies; maxMb: number };

/** The process's store, re-created when CACHE_LOCAL_MAX_MB changes (tests). */
export function localBodies(): LocalBodies {
  const maxMb = env().CACHE_LOCAL_MAX_MB;
  const g = globalThis as Record<symbol, Slot | undefined>;
  const slot = g[KEY];
  if (slot && slot.maxMb === maxMb) return slot.store;
  const store = new LocalBodies(maxMb * 1024 * 1024);
  g[KEY] = { store, maxMb };
  return store;
}
