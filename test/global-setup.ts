// One scratch database per `npm test` run (dropped afterwards), so runs never
// see each other's data. Test files share it and isolate by tenant.
import type { TestProject } from 'vitest/node';
import { createScratchDatabase, findTestServer } from '@/lib/db/test-database';
import { selectTestRedis } from '@/test/harness/redis';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    adminDatabaseUrl: string;
    /** null: no Redis for this run; the Redis-backed suites skip (test/redis.ts). */
    redisUrl: string | null;
  }
}

export default async function setup(project: TestProject) {
  // Throws under CI=true when no Redis can be had. A server started for the
  // run stops when this process ends, even if what follows fails.
  const redis = await selectTestRedis();
  console.log(redis.summary);
  project.provide('redisUrl', redis.url);
  const server = await findTestServer(process.cwd());
  const db = await createScratchDatabase(server.adminUrl);
  console.log(`[test] PostgreSQL from ${server.source}; database ${db.name}`);
  project.provide('databaseUrl', db.url);
  project.provide('adminDatabaseUrl', server.adminUrl);
  return async () => {
    await db.drop();
    await server.embedded?.stop();
    await redis.stop();
  };
}
