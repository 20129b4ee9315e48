import { publicRoute, json } from '@/lib/api/route';
import { getListener } from '@/lib/db/listener';
import { checkHealth, publicHealth, seesHealthDetails } from '@/lib/health';
import { getPrisma } from '@/lib/prisma';
import { redisHealth } from '@/lib/redis';

export const dynamic = 'force-dynamic';

export const GET = publicRoute('GET /api/health', {}, async ({ identity, ip }) => {
  const report = await checkHealth({ db: getPrisma, redis: redisHealth, listening: () => getListener()?.connected ?? false });
  const body = seesHealthDetails({ signedIn: identity !== null, ip }) ? report : publicHealth(report);
  return json(body, { status: report.status === 'down' ? 503 : 200 });
});
