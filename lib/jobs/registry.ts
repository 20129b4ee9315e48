// Every job type of the app, in one place. Workers (`npm start`, `next
// start`, `npm run worker`) run exactly these; add a job by defining it
// next to its domain (defineJob) and listing it here.
import type { AnyJob } from './define';
import { kpiRefreshJob } from '@/lib/kpi-view/refresh-job';
import { statementImportJob, statementOverlapJob } from '@/lib/statements/jobs';
import { reconciliationPrecomputeJob } from '@/lib/reconciliation-worker';
import { bulkConfirmJob } from '@/lib/reconciliation/bulk-confirm';
import { reconciliationRecoverJob } from '@/lib/reconciliation/recover';
import { pluggySyncJob } from '@/lib/pluggy/sync/sync-job';
import { webhookChangedJob } from '@/lib/pluggy/webhooks/changed-job';
import { pluggyWebhookBatchJob, pluggyWebhookJob } from '@/lib/pluggy/webhooks/process-job';
import { pluggyWebhookSweepJob } from '@/lib/pluggy/webhooks/sweep-job';

export const JOBS: readonly AnyJob[] = [
  kpiRefreshJob,
  pluggySyncJob,
  pluggyWebhookBatchJob,
  pluggyWebhookJob,
  pluggyWebhookSweepJob,
  webhookChangedJob,
  statementImportJob,
  statementOverlapJob,
  reconciliationPrecomputeJob,
  bulkConfirmJob,
  reconciliationRecoverJob,
];
