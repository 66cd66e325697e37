import { Injectable } from '@nestjs/common';
import { queryRows } from '../../../infrastructure/database/sql';
import { TypeOrmUnitOfWork } from '../../../infrastructure/database/typeorm-unit-of-work';
import { PasswordResetTokenRepository } from '../password-reset-token.repository';
import { PasswordResetTokenEntity } from './password-reset-token.entity';
import { MeasuredRepository } from '../../../infrastructure/database/measured-repository';

@MeasuredRepository()
@Injectable()
export class TypeOrmPasswordResetTokenRepository extends PasswordResetTokenRepository {
  constructor(private readonly uow: TypeOrmUnitOfWork) {
    super();
  }

  async replace(userId: string, tokenHash: string, expiresAt: Date): Promise<void> {
    const manager = this.uow.manager();
    // serialises two requests of one user, so both cannot each revoke the other's token before inserting their own
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('password-reset:' || $1, 0))`, [
      userId,
    ]);
    await this.revokeAllForUser(userId);
    await manager.getRepository(PasswordResetTokenEntity).insert({ userId, tokenHash, expiresAt });
  }

  async revokeAllForUser(userId: string): Promise<void> {
    // an invalidated token is marked used: consume() refuses it exactly like a spent one
    await this.uow
      .manager()
      .query(`UPDATE password_reset_tokens SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`, [
        userId,
      ]);
  }

  async consume(tokenHash: string, now: Date): Promise<string | null> {
    const rows = await queryRows<{ user_id: string }>(
      this.uow.manager(),
      `UPDATE password_reset_tokens SET used_at = $2
        WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING user_id`,
      [tokenHash, now],
    );
    return rows[0]?.user_id ?? null;
  }
}
