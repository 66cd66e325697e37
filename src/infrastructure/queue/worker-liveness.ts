/**
 * Lock settings for the consumers whose jobs must survive a worker killed mid-job (SIGKILL, OOM, a lost node): a
 * job's lock lapses 6 s after its worker stopped renewing it (renewed every 3 s while the job runs), and every worker
 * looks for such stalled jobs every second, so another worker takes the job over within about 7 s instead of
 * BullMQ's default of up to a minute. A job may stall 5 times (workers killed again and again) before BullMQ fails it.
 */
export const WORKER_LIVENESS = { lockDuration: 6_000, stalledInterval: 1_000, maxStalledCount: 5 } as const;

/** The part of a BullMQ worker whose concurrency can be changed while it runs. */
interface Concurrent {
  concurrency: number;
}

/**
 * Sets how many jobs a consumer's worker runs at once, from configuration (the `@Processor` options are fixed when the
 * class is declared, before the environment is read). BullMQ's fetch loop reads it before taking each next job.
 */
export function runConcurrently(worker: Concurrent, jobs: number): void {
  worker.concurrency = jobs;
}
