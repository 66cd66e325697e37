/** How long each kind of operational record is kept (pure settings; the SQL lives in persistence/). */
export interface RetentionPolicy {
  /** webhook attempts and the notification ledger (which makes consumers idempotent per event and recipient) */
  deliveriesDays: number;
  /** how long a failed job stays retryable: the ledger outlives it, so a retried fan-out sends nothing twice */
  failedJobsDays: number;
  /** the inbound mail log (which makes a Message-ID count once) */
  inboundMailDays: number;
  /** refresh and password-reset tokens, counted from their expiry */
  expiredTokensDays: number;
  /** idempotency keys of POST /tickets: the contract keeps them 24 hours */
  idempotencyKeyHours: number;
}

/** What one housekeeping run removed, by kind. */
export type PruneCounts = Record<
  | 'refreshTokens'
  | 'passwordResetTokens'
  | 'idempotencyKeys'
  | 'webhookDeliveries'
  | 'notificationLedger'
  | 'inboundMail',
  number
>;

/** What one housekeeping run removed: the rows above and the failed jobs past RETENTION_FAILED_JOBS_DAYS. */
export type HousekeepingCounts = PruneCounts & { failedJobs: number };

export const IDEMPOTENCY_KEY_HOURS = 24;

/**
 * Days the notification ledger is kept: RETENTION_DELIVERIES_DAYS, but never less than a failed job stays retryable,
 * plus a day for the time the job spent on its attempts before it failed (a failed job is kept from when it failed,
 * the ledger row counts from the delivery it records).
 */
export const ledgerDays = (p: Pick<RetentionPolicy, 'deliveriesDays' | 'failedJobsDays'>): number =>
  Math.max(p.deliveriesDays, p.failedJobsDays + 1);
