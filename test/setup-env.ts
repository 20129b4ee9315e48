import { afterAll, inject } from 'vitest';

process.env.DATABASE_URL = inject('databaseUrl');

// A file that used background jobs leaves pg-boss timers and a pool behind:
// stop them (without loading pg-boss into files that never did).
afterAll(async () => {
  if ((globalThis as Record<symbol, unknown>)[Symbol.for('concilia.jobs.boss')]) {
    const { stopBoss } = await import('@/lib/jobs/boss');
    await stopBoss({ timeoutMs: 1000 });
  }
});
