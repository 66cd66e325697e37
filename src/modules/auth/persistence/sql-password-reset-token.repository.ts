import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { PasswordResetTokenRepository } from '../password-reset-token-repository.port';
import { SqlAdapter } from '../../../infrastructure/database/sql-adapter';

@SqlAdapter(PasswordResetTokenRepository)
export class SqlPasswordResetTokenRepository extends SqlRepository implements PasswordResetTokenRepository {
  async replace(userId: string, tokenHash: string, expiresAt: Date): Promise<void> {
    // serialises two requests of one user, so both cannot each revoke the other's token before inserting their own
    await this.rows(`SELECT pg_advisory_xact_lock(hashtextextended('password-reset:' || $1, 0))`, [userId]);
    await this.revokeAllForUser(userId);
    await this.rows(
      `INSERT INTO password_reset_tokens (user_id, token_hash, expires_at) VALUES ($1, $2, $3)`,
      [userId, tokenHash, expiresAt],
    );
  }

  async revokeAllForUser(userId: string): Promise<void> {
    // an invalidated token is marked used: consume() refuses it exactly like a spent one
    await this.rows(
      `UPDATE password_reset_tokens SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`,
      [userId],
    );
  }

  async consume(tokenHash: string, now: Date): Promise<string | null> {
    const rows = await this.rows<{ user_id: string }>(
      `UPDATE password_reset_tokens SET used_at = $2
        WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING user_id`,
      [tokenHash, now],
    );
    return rows[0]?.user_id ?? null;
  }
}
