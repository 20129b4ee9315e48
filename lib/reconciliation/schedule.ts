// The single entry point writers of bank data, mappings, rejections and
// settings call to have the tenant's reconciliation recomputed: it enqueues
// the coalesced precompute job (lib/reconciliation-worker.ts). Callers do
// not change when the job does.
import { enqueue } from '@/lib/jobs/enqueue';
import { log } from '@/lib/log';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Asks for a precompute of the tenant's matches after a committed change; returns the job id, or null. Never throws for I/O. */
export async function scheduleReconciliationPrecompute(tenantId: string): Promise<string | null> {
  if (!UUID.test(tenantId)) throw new TypeError('tenantId must be a UUID');
  try {
    // Imported here: the worker module pulls in the engine and the Advbox
    // client, which the callers of this function (sync, webhooks) need not load.
    const { reconciliationPrecomputeJob } = await import('@/lib/reconciliation-worker');
    return await enqueue(reconciliationPrecomputeJob, { tenantId });
  } catch (err) {
    log('error', 'reconciliation precompute not enqueued', { tenantId, err });
    return null;
  }
}
