import { Job } from 'bullmq';
import { offsetOf, Page, PageRequest } from '../../../common/pagination/page';
import { JobQueues } from '../../../infrastructure/queue/job-queues';
import { isQueueName, QUEUE_NAMES } from '../../../infrastructure/queue/queue-names';
import { FailedJob, redactFailureReason, redactJobData } from '../domain/failed-job';
import { FailedJobStore, RetryOutcome } from '../failed-job-store.port';
import { Implements } from '../../../common/di/implements';

/** Reads BullMQ's failed sets (sorted by failure time) and loads only the jobs of the requested page. */
@Implements(FailedJobStore)
export class BullMqFailedJobStore extends FailedJobStore {
  constructor(private readonly queues: JobQueues) {
    super();
  }

  async list(queue: string | undefined, page: PageRequest): Promise<Page<FailedJob>> {
    const names = queue === undefined ? QUEUE_NAMES : QUEUE_NAMES.filter((n) => n === queue);
    const offset = offsetOf(page);
    const { refs, total } = await this.queues.newestFailed(names, offset + page.limit);
    const jobs = await Promise.all(
      refs.slice(offset).map(async (ref) => {
        const job = await this.queues.job(ref.queue, ref.id);
        return job ? toFailedJob(ref.queue, job, ref.failedAt) : undefined;
      }),
    );
    // a job pruned between the two reads is simply left out
    return new Page(
      jobs.filter((j): j is FailedJob => j !== undefined),
      page.page,
      page.limit,
      total,
    );
  }

  async retry(queue: string, id: string): Promise<RetryOutcome> {
    if (!isQueueName(queue)) return { retried: false, state: 'missing' };
    return this.queues.retryFailed(queue, id);
  }
}

function toFailedJob(queue: string, job: Job, failedAt: number): FailedJob {
  return {
    queue,
    id: String(job.id),
    name: job.name,
    data: redactJobData(queue, job.data),
    failedReason: redactFailureReason(job.failedReason),
    attemptsMade: job.attemptsMade,
    maxAttempts: job.opts.attempts ?? 1,
    createdAt: new Date(job.timestamp),
    failedAt: job.finishedOn
      ? new Date(job.finishedOn)
      : Number.isFinite(failedAt)
        ? new Date(failedAt)
        : null,
  };
}
