// Stands in for `next start` in tests: like Next.js, it handles SIGTERM
// itself (registered before instrumentation runs) and exits once its own
// async cleanup is done; the job workers run inside it as in the server.
import { runJobs } from '@/lib/jobs/lifecycle';

process.on('SIGTERM', () => {
  setTimeout(() => {
    console.log('host: exiting');
    process.exit(143);
  }, 50);
});
await runJobs('web');
