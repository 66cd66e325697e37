import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { TypeOrmUnitOfWork } from '../../../infrastructure/database/typeorm-unit-of-work';
import { NewUser, normaliseEmail, User, UserCredentials } from '../domain/user';
import { SessionState, UserDirectory } from '../user-directory.port';
import { UserSessionChanges } from '../user-session-changes';
import { toUser, toUserCredentials, USER_COLUMNS, UserRow } from './user.mapper';
import { SqlAdapter } from '../../../infrastructure/database/sql-adapter';

@SqlAdapter(UserDirectory)
export class SqlUserDirectory extends SqlRepository implements UserDirectory {
  constructor(
    uow: TypeOrmUnitOfWork,
    private readonly changes: UserSessionChanges,
  ) {
    super(uow);
  }

  async findCredentialsByEmail(email: string): Promise<UserCredentials | null> {
    const row = await this.one<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE lower(email) = $1`, [
      normaliseEmail(email),
    ]);
    return row ? toUserCredentials(row) : null;
  }

  async findCredentialsById(id: string): Promise<UserCredentials | null> {
    const row = await this.one<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
    return row ? toUserCredentials(row) : null;
  }

  hasActiveAdmin(): Promise<boolean> {
    return this.exists(`SELECT 1 FROM users WHERE role = 'ADMIN' AND is_active LIMIT 1`);
  }

  async register(user: NewUser): Promise<User | null> {
    const row = await this.one<UserRow>(
      `INSERT INTO users (email, password_hash, full_name, role) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING ${USER_COLUMNS}`,
      [normaliseEmail(user.email), user.passwordHash, user.fullName, user.role],
    );
    return row ? toUser(row) : null;
  }

  /** Read from PostgreSQL: the auth module caches it, and drops its copy on every change (see UserSessionChanges). */
  async sessionState(userId: string): Promise<SessionState | null> {
    const row = await this.one<{
      id: string;
      email: string;
      role: SessionState['role'];
      is_active: boolean;
      token_generation: number;
      department_id: string | null;
      team_id: string | null;
    }>(
      `SELECT u.id, u.email, u.role, u.is_active, u.token_generation, s.department_id, s.team_id
         FROM users u LEFT JOIN staff_profiles s ON s.user_id = u.id
        WHERE u.id = $1`,
      [userId],
    );
    if (!row) return null;
    return {
      id: row.id,
      email: row.email,
      role: row.role,
      isActive: row.is_active,
      tokenGeneration: row.token_generation,
      departmentId: row.department_id,
      teamId: row.team_id,
    };
  }

  async setPassword(userId: string, passwordHash: string): Promise<number> {
    return this.bumpGeneration(userId, 'password_hash = $2, ', [passwordHash]);
  }

  async revokeSessions(userId: string): Promise<number> {
    return this.bumpGeneration(userId, '', []);
  }

  private async bumpGeneration(userId: string, alsoSet: string, params: unknown[]): Promise<number> {
    const row = await this.one<{ token_generation: number }>(
      `UPDATE users SET ${alsoSet}token_generation = token_generation + 1, updated_at = now()
        WHERE id = $1 RETURNING token_generation`,
      [userId, ...params],
    );
    await this.changes.changed(userId);
    return row?.token_generation ?? 0;
  }
}
