/**
 * Lock settings for the consumers whose jobs must survive a worker killed mid-job (SIGKILL, OOM, a lost node): a
 * job's lock lapses 15 s after its worker stopped renewing it (renewed every 7.5 s while the job runs), and every
 * worker looks for such stalled jobs every 5 s, so another worker takes the job over within about 20 s instead of
 * BullMQ's default of up to a minute.
 */
export const WORKER_LIVENESS = { lockDuration: 15_000, stalledInterval: 5_000 } as const;
