import { Injectable } from '@nestjs/common';
import { queryRows } from '../../../infrastructure/database/sql';
import { TypeOrmUnitOfWork } from '../../../infrastructure/database/typeorm-unit-of-work';
import { PasswordResetTokenRepository } from '../password-reset-token.repository';
import { PasswordResetTokenEntity } from './password-reset-token.entity';

@Injectable()
export class TypeOrmPasswordResetTokenRepository extends PasswordResetTokenRepository {
  constructor(private readonly uow: TypeOrmUnitOfWork) {
    super();
  }

  async insert(userId: string, tokenHash: string, expiresAt: Date): Promise<void> {
    await this.uow.manager().getRepository(PasswordResetTokenEntity).insert({ userId, tokenHash, expiresAt });
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
