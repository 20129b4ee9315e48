// `npm run worker`: the background job workers without the web server, for
// installs that run them apart (set JOBS_IN_WEB=false on the web processes).
// Needs DATABASE_URL with the migrations applied; stops gracefully on
// SIGTERM / SIGINT (see lib/jobs/lifecycle.ts).
import { EnvError, parseEnv } from '@/lib/env';
import { runJobs } from '@/lib/jobs/lifecycle';

try {
  const env = parseEnv(process.env);
  if (!env.DATABASE_URL) throw new EnvError([{ variable: 'DATABASE_URL', message: 'is required to run the job workers' }]);
} catch (err) {
  if (err instanceof EnvError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

await runJobs('worker');
