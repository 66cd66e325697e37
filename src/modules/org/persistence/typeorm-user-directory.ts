import { Injectable } from '@nestjs/common';
import { queryRows } from '../../../infrastructure/database/sql';
import { TypeOrmUnitOfWork } from '../../../infrastructure/database/typeorm-unit-of-work';
import { NewUser, normaliseEmail, User, UserCredentials } from '../domain/user';
import { SessionState, UserDirectory } from '../user-directory';
import { UserRepository } from '../user.repository';
import { UserSessionChanges } from '../user-session-changes';
import { UserEntity } from './user.entity';
import { toUserCredentials } from './user.mapper';
import { MeasuredRepository } from '../../../infrastructure/database/measured-repository';

@MeasuredRepository()
@Injectable()
export class TypeOrmUserDirectory extends UserDirectory {
  constructor(
    private readonly uow: TypeOrmUnitOfWork,
    private readonly users: UserRepository,
    private readonly changes: UserSessionChanges,
  ) {
    super();
  }

  private get repo() {
    return this.uow.manager().getRepository(UserEntity);
  }

  async findCredentialsByEmail(email: string): Promise<UserCredentials | null> {
    return this.users.findCredentialsByEmail(email);
  }

  async findCredentialsById(id: string): Promise<UserCredentials | null> {
    const row = await this.repo.findOneBy({ id });
    return row ? toUserCredentials(row) : null;
  }

  register(user: NewUser): Promise<User | null> {
    return this.users.insertIfEmailFree({ ...user, email: normaliseEmail(user.email) });
  }

  /** Read from PostgreSQL: the auth module caches it, and drops its copy on every change (see UserSessionChanges). */
  async sessionState(userId: string): Promise<SessionState | null> {
    const rows = await queryRows<{
      id: string;
      email: string;
      role: SessionState['role'];
      is_active: boolean;
      token_generation: number;
      department_id: string | null;
      team_id: string | null;
    }>(
      this.uow.manager(),
      `SELECT u.id, u.email, u.role, u.is_active, u.token_generation, s.department_id, s.team_id
         FROM users u LEFT JOIN staff_profiles s ON s.user_id = u.id
        WHERE u.id = $1`,
      [userId],
    );
    const row = rows[0];
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
    const rows = await queryRows<{ token_generation: number }>(
      this.uow.manager(),
      `UPDATE users SET password_hash = $2, token_generation = token_generation + 1, updated_at = now()
        WHERE id = $1 RETURNING token_generation`,
      [userId, passwordHash],
    );
    await this.changes.changed(userId);
    return rows[0]?.token_generation ?? 0;
  }

  async revokeSessions(userId: string): Promise<number> {
    const rows = await queryRows<{ token_generation: number }>(
      this.uow.manager(),
      `UPDATE users SET token_generation = token_generation + 1, updated_at = now()
        WHERE id = $1 RETURNING token_generation`,
      [userId],
    );
    await this.changes.changed(userId);
    return rows[0]?.token_generation ?? 0;
  }
}
