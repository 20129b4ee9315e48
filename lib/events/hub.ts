// This instance's local subscribers (SSE streams, tests), per tenant. The
// relay hands it every published event once, in seq order; it picks the
// subscribers of that tenant (and, for user-targeted events, that user).
import type { PublishedEvent } from '@/lib/events/types';

export interface Subscriber {
  tenantId: string;
  userId: string | null;
  deliver(event: PublishedEvent): void;
  /** Ends the subscription from the server side (an SSE stream closes; its browser reconnects). */
  close?(): void;
}

export class Hub {
  private readonly byTenant = new Map<string, Set<Subscriber>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  get tenants(): number {
    return this.byTenant.size;
  }

  add(sub: Subscriber): () => void {
    let set = this.byTenant.get(sub.tenantId);
    if (!set) this.byTenant.set(sub.tenantId, (set = new Set()));
    if (!set.has(sub)) {
      set.add(sub);
      this.count += 1;
    }
    return () => this.remove(sub);
  }

  remove(sub: Subscriber): void {
    const set = this.byTenant.get(sub.tenantId);
    if (!set?.delete(sub)) return;
    this.count -= 1;
    if (set.size === 0) this.byTenant.delete(sub.tenantId);
  }

  dispatch(event: PublishedEvent): void {
    const set = this.byTenant.get(event.tenantId);
    if (!set) return;
    for (const sub of set) {
      if (event.userId && sub.userId !== event.userId) continue;
      try {
        sub.deliver(event);
      } catch {
        // One broken subscriber must not starve the others; it removes itself on close.
      }
    }
  }

  /** Closes every subscription of a user, in any tenant. */
  closeUser(userId: string): number {
    const hit: Subscriber[] = [];
    for (const sub of this.all()) if (sub.userId === userId && sub.close) hit.push(sub);
    for (const sub of hit) sub.close!();
    return hit.length;
  }

  /** Every subscriber (for the heartbeat). */
  *all(): Iterable<Subscriber> {
    for (const set of this.byTenant.values()) yield* set;
  }
}
