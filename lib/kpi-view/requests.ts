// Recording that a tenant's bank data changed and its KPIs need the next
// refresh. Append-only rows: never waits on a refresh claiming older ones.
import type { Db } from '@/lib/prisma';
import { KPI_REFRESH_REQUESTS_TABLE } from './refresh';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function recordKpiRefreshRequests(db: Pick<Db, '$executeRawUnsafe'>, tenantIds: readonly string[]): Promise<void> {
  for (const id of tenantIds) if (!UUID.test(id)) throw new TypeError('tenantId must be a UUID');
  if (tenantIds.length === 0) return;
  await db.$executeRawUnsafe(`INSERT INTO ${KPI_REFRESH_REQUESTS_TABLE} (tenant_id) SELECT unnest($1::uuid[])`, [...new Set(tenantIds)]);
}
