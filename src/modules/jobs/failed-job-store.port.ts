import { Page, PageRequest } from '../../common/pagination/page';
import { FailedJob } from './domain/failed-job';

/** `state` is where the job is: after a retry its new state; else its current one, or `missing` */
export interface RetryOutcome {
  retried: boolean;
  state: string;
}

/** The failed sets of the queues: listed newest first, one job put back in line. */
export abstract class FailedJobStore {
  /** failed jobs of one queue, or of all when `queue` is undefined, newest failure first */
  abstract list(queue: string | undefined, page: PageRequest): Promise<Page<FailedJob>>;
  abstract retry(queue: string, id: string): Promise<RetryOutcome>;
}
