// The calls instrumented modules make. Each is a few map lookups and never
// throws: a metric must not fail a request.
import { metrics } from './registry';

function safe(fn: () => void): void {
  try {
    fn();
  } catch {
    // A label mistake must never surface to a user; tests catch it instead.
  }
}

export function observeHttp(route: string, method: string, status: number, seconds: number): void {
  safe(() => {
    const m = metrics();
    m.httpRequests.inc({ route, method, status: String(status) });
    m.httpDuration.observe({ route }, seconds);
  });
}

export function observeCache(resource: string, status: 'HIT' | 'MISS' | 'BYPASS'): void {
  safe(() => metrics().cacheResults.inc({ resource, status }));
}

export function observeRedis(op: string, outcome: 'ok' | 'timeout' | 'error' | 'skipped', seconds: number): void {
  safe(() => metrics().redisDuration.observe({ op, outcome }, seconds));
}

export function setRedisBreaker(open: boolean): void {
  safe(() => metrics().redisBreakerOpen.set(open ? 1 : 0));
}

export function observeRateLimitDenied(policy: string, reason: 'limit' | 'degraded'): void {
  safe(() => metrics().rateLimitDenied.inc({ policy, reason }));
}

export function observeSync(outcome: 'completed' | 'failed', seconds: number, rows: number): void {
  safe(() => {
    const m = metrics();
    m.syncRuns.inc({ outcome });
    m.syncDuration.observe(seconds);
    if (rows > 0) m.syncRows.inc(rows);
  });
}

export function observeWebhookAck(outcome: 'accepted' | 'duplicate' | 'unauthorized' | 'invalid'): void {
  safe(() => metrics().webhookAcks.inc({ outcome }));
}

export function observeWebhookLag(seconds: number): void {
  safe(() => metrics().webhookLag.observe(seconds));
}

/** seconds = how long the call waits for its slot; null = refused. */
export function observeAdvboxSlot(op: string, seconds: number | null): void {
  safe(() => {
    const m = metrics();
    if (seconds === null) m.advboxSlotRefused.inc({ op });
    else m.advboxSlotWait.observe({ op }, seconds);
  });
}
