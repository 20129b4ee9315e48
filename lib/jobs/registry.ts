// Every job type of the app, in one place. Workers (`npm start`, `next
// start`, `npm run worker`) run exactly these; add a job by defining it
// next to its domain (defineJob) and listing it here.
import type { AnyJob } from './define';
import { kpiRefreshJob } from '@/lib/kpi-view/refresh-job';
import { statementImportJob, statementOverlapJob } from '@/lib/statements/jobs';
import { reconciliationPrecomputeJob } from '@/lib/reconciliation-worker';
import { bulkConfirmJob } from '@/lib/reconciliation/bulk-confirm';

export const JOBS: readonly AnyJob[] = [kpiRefreshJob, statementImportJob, statementOverlapJob, reconciliationPrecomputeJob, bulkConfirmJob];
