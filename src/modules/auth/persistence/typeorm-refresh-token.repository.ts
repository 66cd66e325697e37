import { Injectable } from '@nestjs/common';
import { queryRows } from '../../../infrastructure/database/sql';
import { TypeOrmUnitOfWork } from '../../../infrastructure/database/typeorm-unit-of-work';
import { StoredRefreshToken } from '../domain/refresh-token';
import { NewRefreshToken, RefreshTokenRepository } from '../refresh-token.repository';
import { RefreshTokenEntity } from './refresh-token.entity';
import { MeasuredRepository } from '../../../infrastructure/database/measured-repository';

@MeasuredRepository()
@Injectable()
export class TypeOrmRefreshTokenRepository extends RefreshTokenRepository {
  constructor(private readonly uow: TypeOrmUnitOfWork) {
    super();
  }

  private get repo() {
    return this.uow.manager().getRepository(RefreshTokenEntity);
  }

  async insert(token: NewRefreshToken): Promise<void> {
    await this.repo.insert(token);
  }

  async findByHash(tokenHash: string): Promise<StoredRefreshToken | null> {
    const row = await this.repo.findOneBy({ tokenHash });
    if (!row) return null;
    return {
      id: row.id,
      userId: row.userId,
      familyId: row.familyId,
      generation: row.generation,
      expiresAt: row.expiresAt,
      usedAt: row.usedAt,
      revokedAt: row.revokedAt,
    };
  }

  async markUsed(id: string): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(
      this.uow.manager(),
      `UPDATE refresh_tokens SET used_at = now()
        WHERE id = $1 AND used_at IS NULL AND revoked_at IS NULL RETURNING id`,
      [id],
    );
    return rows.length === 1;
  }

  async revokeFamily(familyId: string): Promise<number> {
    const rows = await queryRows<{ id: string }>(
      this.uow.manager(),
      `UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL RETURNING id`,
      [familyId],
    );
    return rows.length;
  }

  async liveFamilies(familyIds: readonly string[]): Promise<Set<string>> {
    if (familyIds.length === 0) return new Set();
    const rows = await queryRows<{ family_id: string }>(
      this.uow.manager(),
      `SELECT DISTINCT family_id FROM refresh_tokens
        WHERE family_id = ANY($1::uuid[]) AND revoked_at IS NULL AND used_at IS NULL AND expires_at > now()`,
      [[...familyIds]],
    );
    return new Set(rows.map((r) => r.family_id));
  }

  async revokeAllForUser(userId: string): Promise<number> {
    const rows = await queryRows<{ id: string }>(
      this.uow.manager(),
      `UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL RETURNING id`,
      [userId],
    );
    return rows.length;
  }

  async keepOnlyFamily(userId: string, familyId: string, generation: number): Promise<void> {
    await this.uow.manager().query(
      `UPDATE refresh_tokens SET revoked_at = now()
        WHERE user_id = $1 AND family_id <> $2 AND revoked_at IS NULL`,
      [userId, familyId],
    );
    await this.uow.manager().query(
      `UPDATE refresh_tokens SET generation = $3
        WHERE user_id = $1 AND family_id = $2 AND revoked_at IS NULL AND used_at IS NULL`,
      [userId, familyId, generation],
    );
  }
}
