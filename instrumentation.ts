// Next.js calls register() once per server process when it starts (`next
// start`, `next dev`; not during `next build`). The Node.js server runs the
// background job workers in-process unless JOBS_IN_WEB=false.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { runJobs } = await import('./lib/jobs/lifecycle');
  await runJobs('web');
}
