import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { queryRows } from '../../../infrastructure/database/sql';
import { redisReady } from '../../../infrastructure/redis/redis-available';
import { TypeOrmUnitOfWork } from '../../../infrastructure/database/typeorm-unit-of-work';
import { NewUser, normaliseEmail, User, UserCredentials } from '../domain/user';
import { SessionState, UserDirectory } from '../user-directory';
import { UserRepository } from '../user.repository';
import { UserEntity } from './user.entity';
import { toUserCredentials } from './user.mapper';
import { MeasuredRepository } from '../../../infrastructure/database/measured-repository';

const SESSION_TTL_SECONDS = 300;
const sessionKey = (userId: string) => `auth:session:${userId}`;
/** bumped whenever the user changes, so a read that started before the change cannot cache what it loaded */
const versionKey = (userId: string) => `auth:session-version:${userId}`;
const CACHE_IF_UNCHANGED = `
local current = redis.call('GET', KEYS[1]) or ''
if current == ARGV[1] then redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3]) end
return 1`;

@MeasuredRepository()
@Injectable()
export class TypeOrmUserDirectory extends UserDirectory {
  constructor(
    private readonly uow: TypeOrmUnitOfWork,
    private readonly users: UserRepository,
    @Inject(Redis) private readonly redis: Redis,
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

  async sessionState(userId: string): Promise<SessionState | null> {
    const ready = redisReady(this.redis);
    const [version, cached] = ready
      ? await this.redis.mget(versionKey(userId), sessionKey(userId)).catch(() => [null, null])
      : [null, null];
    if (cached) return JSON.parse(cached) as SessionState;
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
    const state: SessionState = {
      id: row.id,
      email: row.email,
      role: row.role,
      isActive: row.is_active,
      tokenGeneration: row.token_generation,
      departmentId: row.department_id,
      teamId: row.team_id,
    };
    if (ready && redisReady(this.redis)) {
      // only if no change dropped the entry since it was read: else this state may already be stale
      await this.redis
        .eval(
          CACHE_IF_UNCHANGED,
          2,
          versionKey(userId),
          sessionKey(userId),
          version ?? '',
          JSON.stringify(state),
          SESSION_TTL_SECONDS,
        )
        .catch(() => undefined);
    }
    return state;
  }

  async setPassword(userId: string, passwordHash: string): Promise<number> {
    const rows = await queryRows<{ token_generation: number }>(
      this.uow.manager(),
      `UPDATE users SET password_hash = $2, token_generation = token_generation + 1, updated_at = now()
        WHERE id = $1 RETURNING token_generation`,
      [userId, passwordHash],
    );
    await this.forgetSessionState(userId);
    return rows[0]?.token_generation ?? 0;
  }

  async revokeSessions(userId: string): Promise<number> {
    const rows = await queryRows<{ token_generation: number }>(
      this.uow.manager(),
      `UPDATE users SET token_generation = token_generation + 1, updated_at = now()
        WHERE id = $1 RETURNING token_generation`,
      [userId],
    );
    await this.forgetSessionState(userId);
    return rows[0]?.token_generation ?? 0;
  }

  async forgetSessionState(userId: string): Promise<void> {
    // With Redis down nothing can be dropped; a cached state then lives at most SESSION_TTL_SECONDS more.
    if (!redisReady(this.redis)) return;
    await this.redis
      .multi()
      .incr(versionKey(userId))
      .expire(versionKey(userId), SESSION_TTL_SECONDS * 2)
      .del(sessionKey(userId))
      .exec()
      .catch(() => undefined);
  }
}
