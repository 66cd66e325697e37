import { iso } from '../../../common/time/iso';
import { FailedJob } from '../domain/failed-job';
import { FailedJobResponseDto } from './failed-job.dto';

export const toFailedJobResponse = (job: FailedJob): FailedJobResponseDto => ({
  queue: job.queue,
  id: job.id,
  name: job.name,
  data: job.data,
  failedReason: job.failedReason,
  attemptsMade: job.attemptsMade,
  maxAttempts: job.maxAttempts,
  createdAt: job.createdAt.toISOString(),
  failedAt: iso(job.failedAt),
});
