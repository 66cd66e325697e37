import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { StoredRefreshToken } from '../domain/refresh-token';
import { NewRefreshToken, RefreshTokenRepository } from '../refresh-token-repository.port';
import { SqlTable } from '../../../infrastructure/database/sql-table';
import { SqlAdapter } from '../../../infrastructure/database/sql-adapter';

/** A token as the refresh flow reads it (never its hash). */
const TOKENS = new SqlTable<StoredRefreshToken>({
  from: 'refresh_tokens',
  columns: 'id, user_id, family_id, generation, expires_at, used_at, revoked_at',
});

@SqlAdapter(RefreshTokenRepository)
export class SqlRefreshTokenRepository extends SqlRepository implements RefreshTokenRepository {
  async insert(t: NewRefreshToken): Promise<void> {
    await this.rows(
      `INSERT INTO refresh_tokens (user_id, family_id, token_hash, generation, expires_at)
       VALUES ($1, $2, $3, $4, $5)`,
      [t.userId, t.familyId, t.tokenHash, t.generation, t.expiresAt],
    );
  }

  findByHash(tokenHash: string): Promise<StoredRefreshToken | null> {
    return this.one<StoredRefreshToken>(
      `SELECT ${TOKENS.columns} FROM ${TOKENS.from} WHERE token_hash = $1`,
      [tokenHash],
    );
  }

  async markUsed(id: string): Promise<boolean> {
    const rows = await this.rows<{ id: string }>(
      `UPDATE refresh_tokens SET used_at = now()
        WHERE id = $1 AND used_at IS NULL AND revoked_at IS NULL RETURNING id`,
      [id],
    );
    return rows.length === 1;
  }

  async revokeFamily(familyId: string): Promise<number> {
    const rows = await this.rows<{ id: string }>(
      `UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL RETURNING id`,
      [familyId],
    );
    return rows.length;
  }

  async liveFamilies(familyIds: readonly string[]): Promise<Set<string>> {
    if (familyIds.length === 0) return new Set();
    const rows = await this.rows<{ family_id: string }>(
      `SELECT DISTINCT family_id FROM refresh_tokens
        WHERE family_id = ANY($1::uuid[]) AND revoked_at IS NULL AND used_at IS NULL AND expires_at > now()`,
      [[...familyIds]],
    );
    return new Set(rows.map((r) => r.family_id));
  }

  async revokeAllForUser(userId: string): Promise<number> {
    const rows = await this.rows<{ id: string }>(
      `UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL RETURNING id`,
      [userId],
    );
    return rows.length;
  }

  async keepOnlyFamily(userId: string, familyId: string, generation: number): Promise<void> {
    await this.rows(
      `UPDATE refresh_tokens SET revoked_at = now()
        WHERE user_id = $1 AND family_id <> $2 AND revoked_at IS NULL`,
      [userId, familyId],
    );
    await this.rows(
      `UPDATE refresh_tokens SET generation = $3
        WHERE user_id = $1 AND family_id = $2 AND revoked_at IS NULL AND used_at IS NULL`,
      [userId, familyId, generation],
    );
  }
}
