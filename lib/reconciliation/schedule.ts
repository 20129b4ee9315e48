// The single entry point writers of bank data, mappings, rejections and
// settings call to have the tenant's reconciliation recomputed. Until the
// precompute worker lands (issue 11) there is nothing to schedule: it
// answers null, the value callers already handle for "not enqueued".
// The worker replaces this body; callers do not change.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Asks for a precompute of the tenant's matches after a committed change; returns the job id, or null. Never throws for I/O. */
export async function scheduleReconciliationPrecompute(tenantId: string): Promise<string | null> {
  if (!UUID.test(tenantId)) throw new TypeError('tenantId must be a UUID');
  return null;
}
