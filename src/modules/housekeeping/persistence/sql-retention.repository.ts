import { DataSource } from 'typeorm';
import { ledgerDays, PruneCounts, RetentionPolicy } from '../domain/retention';
import { RetentionRepository } from '../retention-repository.port';
import { SqlAdapter } from '../../../infrastructure/database/sql-adapter';

const BATCH = 5000;

type Prune = { sql: string; interval: (p: RetentionPolicy) => string };

/**
 * `table`'s rows whose `column` is older than the policy's `interval` (and that match `also`), deleted BATCH at a
 * time by ctid.
 */
const pruneOlder = (
  table: string,
  column: string,
  interval: (p: RetentionPolicy) => string,
  also = '',
): Prune => ({
  sql: `WITH doomed AS (SELECT ctid FROM ${table} WHERE ${column} < now() - $1::interval${also} LIMIT ${BATCH})
   DELETE FROM ${table} WHERE ctid IN (SELECT ctid FROM doomed)`,
  interval,
});

const tokenDays = (p: RetentionPolicy): string => `${p.expiredTokensDays} days`;

const STATEMENTS: Record<keyof PruneCounts, Prune> = {
  refreshTokens: pruneOlder('refresh_tokens', 'expires_at', tokenDays),
  passwordResetTokens: pruneOlder('password_reset_tokens', 'expires_at', tokenDays),
  idempotencyKeys: pruneOlder('idempotency_keys', 'created_at', (p) => `${p.idempotencyKeyHours} hours`),
  webhookDeliveries: pruneOlder('webhook_deliveries', 'created_at', (p) => `${p.deliveriesDays} days`),
  notificationLedger: pruneOlder('notification_deliveries', 'created_at', (p) => `${ledgerDays(p)} days`),
  // a mail that became part of a ticket stays with it (staff read it as it arrived); the rest go
  inboundMail: pruneOlder(
    'inbound_emails',
    'created_at',
    (p) => `${p.inboundMailDays} days`,
    ' AND ticket_id IS NULL',
  ),
};

@SqlAdapter(RetentionRepository)
export class SqlRetentionRepository extends RetentionRepository {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async prune(policy: RetentionPolicy): Promise<PruneCounts> {
    const counts = {} as PruneCounts;
    for (const [kind, statement] of Object.entries(STATEMENTS) as Array<
      [keyof PruneCounts, (typeof STATEMENTS)[keyof PruneCounts]]
    >) {
      counts[kind] = 0;
      for (;;) {
        // the postgres driver answers a DELETE with [rows, affected row count]
        const result = await this.dataSource.query<[unknown, number]>(statement.sql, [
          statement.interval(policy),
        ]);
        const deleted = Array.isArray(result) ? Number(result[1] ?? 0) : 0;
        counts[kind] += deleted;
        if (deleted < BATCH) break;
      }
    }
    return counts;
  }
}
