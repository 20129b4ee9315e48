// One scratch database per `npm test` run (dropped afterwards), so runs never
// see each other's data. Test files share it and isolate by tenant.
import type { TestProject } from 'vitest/node';
import { createScratchDatabase, findTestServer } from '@/lib/db/test-database';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    adminDatabaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const server = await findTestServer(process.cwd());
  const db = await createScratchDatabase(server.adminUrl);
  console.log(`[test] PostgreSQL from ${server.source}; database ${db.name}`);
  project.provide('databaseUrl', db.url);
  project.provide('adminDatabaseUrl', server.adminUrl);
  return async () => {
    await db.drop();
    await server.embedded?.stop();
  };
}
