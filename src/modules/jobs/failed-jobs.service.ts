import { Injectable, Logger } from '@nestjs/common';
import { Actor } from '../../common/auth/actor';
import { ConflictError, NotFoundError } from '../../common/errors/domain-errors';
import { Page, PageRequest } from '../../common/pagination/page';
import { FailedJob } from './domain/failed-job';
import { FailedJobStore } from './failed-job-store.port';

/** ADMIN's view of jobs that failed for good (kept RETENTION_FAILED_JOBS_DAYS), and the retry of one. */
@Injectable()
export class FailedJobsService {
  private readonly logger = new Logger(FailedJobsService.name);

  constructor(private readonly store: FailedJobStore) {}

  list(queue: string | undefined, page: PageRequest): Promise<Page<FailedJob>> {
    return this.store.list(queue, page);
  }

  /** Runs the job once more; a job that is not (or no longer) failed is left alone. */
  async retry(
    actor: Actor,
    queue: string,
    id: string,
  ): Promise<{ queue: string; id: string; state: string }> {
    const outcome = await this.store.retry(queue, id);
    if (!outcome.retried && outcome.state === 'missing') throw new NotFoundError('Failed job');
    if (!outcome.retried) throw new ConflictError(`The job is not failed (it is ${outcome.state})`);
    this.logger.log({ queue, jobId: id, actorId: actor.id }, 'failed job retried');
    return { queue, id, state: outcome.state };
  }
}
