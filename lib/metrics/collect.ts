// Values read at scrape time rather than counted as they happen: the job
// queue (from pg-boss's table, which every instance shares, so any instance
// reports the whole queue), this instance's open event streams and the KPI
// view's age. One query each, bounded by a statement timeout so a slow
// database makes a scrape fail fast instead of piling up.
import { Gauge } from 'prom-client';
import { JOBS_SCHEMA } from '@/lib/jobs/boss';
import { getKpiViewAsOf } from '@/lib/kpi-view/read';
import { peekRuntime } from '@/lib/events/runtime';
import { getPrisma } from '@/lib/prisma';
import { metrics } from './registry';

const JOB_STATES = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'] as const;
const KEY = Symbol.for('concilia.metrics.collectors');

interface Collectors {
  jobs: Gauge<'type' | 'state'>;
  sse: Gauge;
  kpiAge: Gauge;
}

/** Job types without the random suffix tests give theirs, so labels stay bounded. */
export function jobTypeLabel(name: string): string {
  return name.startsWith('test.') ? 'test' : name;
}

async function readJobCounts(): Promise<Array<{ name: string; state: string; n: number }>> {
  const rows = await getPrisma().$queryRawUnsafe<Array<{ name: string; state: string; n: bigint | number }>>(
    // Completed and cancelled rows are history: only the last hour counts, so
    // the gauge says "finished recently" and the scan stays on recent rows.
    `SELECT name, state::text AS state, count(*) AS n FROM ${JOBS_SCHEMA}.job
      WHERE state NOT IN ('completed', 'cancelled') OR completed_on > now() - interval '1 hour'
      GROUP BY name, state`,
  );
  return rows.map((r) => ({ name: r.name, state: r.state, n: Number(r.n) }));
}

export function registerCollectors(): void {
  const g = globalThis as { [KEY]?: Collectors };
  if (g[KEY]) return;
  const registry = metrics().registry;
  g[KEY] = {
    jobs: new Gauge({
      name: 'concilia_jobs',
      help: 'Jobs by type and state (queued = created/retry, running = active, failed; completed/cancelled: the last hour).',
      labelNames: ['type', 'state'],
      registers: [registry],
      async collect() {
        this.reset();
        let rows: Awaited<ReturnType<typeof readJobCounts>>;
        try {
          rows = await readJobCounts();
        } catch {
          // No queue schema yet (workers never started) or no database: no series.
          return;
        }
        const totals = new Map<string, number>();
        for (const r of rows) {
          const k = `${jobTypeLabel(r.name)}\u0000${r.state}`;
          totals.set(k, (totals.get(k) ?? 0) + r.n);
        }
        for (const [k, n] of totals) {
          const [type, state] = k.split('\u0000') as [string, string];
          if ((JOB_STATES as readonly string[]).includes(state)) this.set({ type, state }, n);
        }
      },
    }),
    sse: new Gauge({
      name: 'concilia_sse_connections_open',
      help: 'Event streams open on this instance.',
      registers: [registry],
      collect() {
        this.set(peekRuntime()?.hub.size ?? 0);
      },
    }),
    kpiAge: new Gauge({
      name: 'concilia_kpi_view_age_seconds',
      help: 'Seconds since mv_tenant_kpis was last refreshed (absent when never).',
      registers: [registry],
      async collect() {
        this.reset();
        try {
          const asOf = await getKpiViewAsOf(getPrisma());
          if (asOf) this.set(Math.max(0, (Date.now() - asOf.getTime()) / 1000));
        } catch {
          // Unknown age: no sample rather than a made-up one.
        }
      },
    }),
  };
}

/** The exposition text and its content type. */
export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  registerCollectors();
  const registry = metrics().registry;
  return { body: await registry.metrics(), contentType: registry.contentType };
}
