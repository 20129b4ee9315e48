import { publicRoute, json } from '@/lib/api/route';
import { getListener } from '@/lib/db/listener';
import { jobWorkersRunning } from '@/lib/jobs/workers';
import { checkHealth, publicHealth, seesHealthDetails } from '@/lib/health';
import { getPrisma } from '@/lib/prisma';
import { redisHealth } from '@/lib/redis';
import { sseStats } from '@/lib/sse';

export const dynamic = 'force-dynamic';

export const GET = publicRoute('GET /api/health', {}, async ({ identity, ip }) => {
  const report = await checkHealth({
    db: getPrisma,
    redis: redisHealth,
    listening: () => getListener()?.connected ?? false,
    jobWorkers: jobWorkersRunning,
    realtime: () => {
      const s = sseStats();
      return {
        transport: s.transport,
        connected: s.transportConnected,
        streams: s.streams,
        subscribers: s.subscribers,
        heartbeatTimers: s.heartbeatTimers,
      };
    },
  });
  const body = seesHealthDetails({ signedIn: identity !== null, ip }) ? report : publicHealth(report);
  return json(body, { status: report.status === 'down' ? 503 : 200 });
});
