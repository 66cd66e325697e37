/**
 * Lock settings for the consumers whose jobs must survive a worker killed mid-job (SIGKILL, OOM, a lost node): a
 * job's lock lapses 10 s after its worker stopped renewing it (renewed every 5 s while the job runs), and every worker
 * looks for such stalled jobs every 2 s, so another worker takes the job over within about 12 s instead of BullMQ's
 * default of up to a minute. A job may stall 5 times (workers killed again and again) before BullMQ fails it.
 * Shorter locks (6 s, checked every second) were tried: on a saturated machine a live worker's event loop then
 * missed renewals ("could not renew lock"), so its jobs were taken from it while it still ran them.
 */
export const WORKER_LIVENESS = { lockDuration: 10_000, stalledInterval: 2_000, maxStalledCount: 5 } as const;

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
