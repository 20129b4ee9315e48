// One Prometheus registry per process. Next.js may load a module more than
// once (proxy, route bundles, instrumentation), so the registry and every
// metric live on globalThis under one symbol: all copies count into the
// same series. Labels never carry a tenant id or personal data: only route
// keys from the route table, resources, policies, job types and statuses.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

interface MetricSet {
  registry: Registry;
  httpRequests: Counter<'route' | 'method' | 'status'>;
  httpDuration: Histogram<'route'>;
  cacheResults: Counter<'resource' | 'status'>;
  redisDuration: Histogram<'op' | 'outcome'>;
  redisBreakerOpen: Gauge;
  rateLimitDenied: Counter<'policy' | 'reason'>;
  syncRuns: Counter<'outcome'>;
  syncDuration: Histogram;
  syncRows: Counter;
  webhookAcks: Counter<'outcome'>;
  webhookLag: Histogram;
  advboxSlotWait: Histogram<'op'>;
  advboxSlotRefused: Counter<'op'>;
}

const KEY = Symbol.for('concilia.metrics');

function build(): MetricSet {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'concilia_' });
  const r = [registry];
  return {
    registry,
    httpRequests: new Counter({ name: 'concilia_http_requests_total', help: 'API requests by route key and status.', labelNames: ['route', 'method', 'status'], registers: r }),
    httpDuration: new Histogram({
      name: 'concilia_http_request_duration_seconds',
      help: 'API request latency by route key.',
      labelNames: ['route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: r,
    }),
    cacheResults: new Counter({ name: 'concilia_cache_results_total', help: 'Cache lookups by resource and X-Cache status.', labelNames: ['resource', 'status'], registers: r }),
    redisDuration: new Histogram({
      name: 'concilia_redis_call_duration_seconds',
      help: 'Redis call latency by command and outcome (ok, timeout, error, skipped).',
      labelNames: ['op', 'outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: r,
    }),
    redisBreakerOpen: new Gauge({ name: 'concilia_redis_circuit_open', help: '1 while the Redis circuit breaker skips calls after a timeout.', registers: r }),
    rateLimitDenied: new Counter({ name: 'concilia_rate_limit_denied_total', help: 'Requests refused by the rate limiter, by policy (reason: limit or degraded).', labelNames: ['policy', 'reason'], registers: r }),
    syncRuns: new Counter({ name: 'concilia_sync_runs_total', help: 'Bank syncs finished, by outcome.', labelNames: ['outcome'], registers: r }),
    syncDuration: new Histogram({ name: 'concilia_sync_duration_seconds', help: 'Bank sync duration.', buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800], registers: r }),
    syncRows: new Counter({ name: 'concilia_sync_rows_total', help: 'Bank transactions written by syncs.', registers: r }),
    webhookAcks: new Counter({ name: 'concilia_webhook_acks_total', help: 'Pluggy webhook deliveries answered, by outcome (accepted, duplicate, unauthorized, invalid).', labelNames: ['outcome'], registers: r }),
    webhookLag: new Histogram({ name: 'concilia_webhook_processing_lag_seconds', help: 'From a webhook being stored to its processing finished.', buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300], registers: r }),
    // Advbox allows 30 GET a minute per token; the budget hands out send
    // times, so "budget left" shows as how long calls wait for a slot.
    advboxSlotWait: new Histogram({
      name: 'concilia_advbox_budget_wait_seconds',
      help: 'Time an Advbox call waited for a slot of its token’s budget (0 while within it), by operation.',
      labelNames: ['op'],
      buckets: [0, 0.5, 1, 2, 5, 10, 20, 30, 60],
      registers: r,
    }),
    advboxSlotRefused: new Counter({ name: 'concilia_advbox_budget_refused_total', help: 'Advbox calls refused because no slot was free within their wait limit.', labelNames: ['op'], registers: r }),
  };
}

export function metrics(): MetricSet {
  const g = globalThis as { [KEY]?: MetricSet };
  return (g[KEY] ??= build());
}
