// Liveness without touching the database: the framework's own floor for
// benchmarks, and a probe for load balancers.
export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json({ ok: true }, { headers: { 'Cache-Control': 'no-store' } });
}
