import { DataSource } from 'typeorm';
import { ledgerDays, PruneCounts, RetentionPolicy } from '../domain/retention';
import { RetentionRepository } from '../retention-repository.port';
import { SqlAdapter } from '../../../infrastructure/database/sql-adapter';

const BATCH = 5000;

/** `table` rows matching `where` (with $1 as the cut-off interval), deleted BATCH at a time by ctid. */
const batchDelete = (table: string, where: string): string =>
  `WITH doomed AS (SELECT ctid FROM ${table} WHERE ${where} LIMIT ${BATCH})
   DELETE FROM ${table} WHERE ctid IN (SELECT ctid FROM doomed)`;

const STATEMENTS: Record<keyof PruneCounts, { sql: string; interval: (p: RetentionPolicy) => string }> = {
  refreshTokens: {
    sql: batchDelete('refresh_tokens', 'expires_at < now() - $1::interval'),
    interval: (p) => `${p.expiredTokensDays} days`,
  },
  passwordResetTokens: {
    sql: batchDelete('password_reset_tokens', 'expires_at < now() - $1::interval'),
    interval: (p) => `${p.expiredTokensDays} days`,
  },
  idempotencyKeys: {
    sql: batchDelete('idempotency_keys', 'created_at < now() - $1::interval'),
    interval: (p) => `${p.idempotencyKeyHours} hours`,
  },
  webhookDeliveries: {
    sql: batchDelete('webhook_deliveries', 'created_at < now() - $1::interval'),
    interval: (p) => `${p.deliveriesDays} days`,
  },
  notificationLedger: {
    sql: batchDelete('notification_deliveries', 'created_at < now() - $1::interval'),
    interval: (p) => `${ledgerDays(p)} days`,
  },
  // a mail that became part of a ticket stays with it (staff read it as it arrived); the rest go
  inboundMail: {
    sql: batchDelete('inbound_emails', 'created_at < now() - $1::interval AND ticket_id IS NULL'),
    interval: (p) => `${p.inboundMailDays} days`,
  },
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
