// Durable background jobs on PostgreSQL (pg-boss). See README.md.
export {
  defineJob,
  PermanentJobError,
  JobPayloadError,
  type AnyJob,
  type JobContext,
  type JobDefinition,
  type JobProgress,
  type JobSpec,
  type PayloadOf,
  type RetryPolicy,
} from './define';
export { enqueue, type EnqueueOptions } from './enqueue';
export { startJobWorkers, stopJobWorkers } from './workers';
export { getBoss, JOBS_SCHEMA } from './boss';
export { JOB_STATES, type JobDto, type JobState } from './dto';
export { listJobs } from './list-jobs';
export { getJob, type JobDetailDto } from './get-job';
export { retryJob } from './retry-job';
