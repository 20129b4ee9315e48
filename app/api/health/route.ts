import { publicRoute, json } from '@/lib/api/route';
import { getListener } from '@/lib/db/listener';
import { checkHealth } from '@/lib/health';
import { getPrisma } from '@/lib/prisma';
import { redisHealth } from '@/lib/redis';

export const dynamic = 'force-dynamic';

export const GET = publicRoute('GET /api/health', {}, async () => {
  const report = await checkHealth({ db: getPrisma, redis: redisHealth, listening: () => getListener()?.connected ?? false });
  return json(report, { status: report.status === 'down' ? 503 : 200 });
});
