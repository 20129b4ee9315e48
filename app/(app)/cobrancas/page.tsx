import { BillingView } from '@/components/billing/billing-view';
import { parseBillingSearch } from '@/lib/billing/query';
import { listReceivables } from '@/lib/billing/receivables';
import { extraKeys } from '@/lib/hooks/extra-keys';
import { getPrisma } from '@/lib/prisma';
import { Hydrated, prefetch } from '@/lib/query-server';
import { pageSession } from '../session';

export const metadata = { title: 'Cobranças — Concilia' };

export default async function CobrancasPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { tenantId } = await pageSession();
  const params = parseBillingSearch(await searchParams);
  // A tenant without Advbox (409) is not prefetched: the browser's request shows that state with its message.
  await prefetch(extraKeys.receivables(params), () => listReceivables(getPrisma(), tenantId, params));
  return (
    <Hydrated>
      <BillingView />
    </Hydrated>
  );
}
