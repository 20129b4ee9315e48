import { publicRoute, json } from '@/lib/api/route';
import { getListener } from '@/lib/db/listener';
import { checkHealth } from '@/lib/health';
import { getPrisma } from '@/lib/prisma';
import { redisHealth } from '@/lib/redis';
import { sseStats } from '@/lib/sse';

export const dynamic = 'force-dynamic';

export const GET = publicRoute('GET /api/health', {}, async () => {
  const report = await checkHealth({
    db: getPrisma,
    redis: redisHealth,
    listening: () => getListener()?.connected ?? false,
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
  return json(report, { status: report.status === 'down' ? 503 : 200 });
});
