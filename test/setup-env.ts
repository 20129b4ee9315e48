import { afterAll, inject } from 'vitest';
import { setCheapHashingForTests } from '@/lib/auth/password';

process.env.DATABASE_URL = inject('databaseUrl');
// Cheap password hashing for the suite (the production cost is exercised in
// lib/auth/password.test.ts and by every real-server test).
setCheapHashingForTests(true);

// A file that used background jobs leaves pg-boss timers and a pool behind:
// stop them (without loading pg-boss into files that never did).
afterAll(async () => {
  if ((globalThis as Record<symbol, unknown>)[Symbol.for('concilia.jobs.boss')]) {
    const { stopBoss } = await import('@/lib/jobs/boss');
    await stopBoss({ timeoutMs: 1000 });
  }
});
