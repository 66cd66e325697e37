/**
 * Lock settings for the consumers whose jobs must survive a worker killed mid-job (SIGKILL, OOM, a lost node): a
 * job's lock lapses 10 s after its worker stopped renewing it (renewed every 5 s while the job runs), and every worker
 * looks for such stalled jobs every 2 s, so another worker takes the job over within about 12 s instead of BullMQ's
 * default of up to a minute. A job may stall 5 times (workers killed again and again) before BullMQ fails it.
 */
export const WORKER_LIVENESS = { lockDuration: 10_000, stalledInterval: 2_000, maxStalledCount: 5 } as const;
