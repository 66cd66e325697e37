import { Logger } from '@nestjs/common';
import { FailOpenRedisAdapter } from '../../../infrastructure/redis/fail-open-redis-adapter';
import { Department } from '../domain/department';
import { Team } from '../domain/team';
import { ReferenceCache } from '../reference-cache.port';
import { Implements } from '../../../common/di/implements';
import { VersionedRedisCache } from '../../../infrastructure/redis/versioned-redis-cache';

const TTL_SECONDS = 300;

type Kind = 'departments' | 'teams';

/** Departments and teams are small and read on nearly every request that touches them, so one list each is cached. */
const keyOf = (kind: Kind): string => `org:ref:${kind}`;
export const versionKey = (kind: Kind): string => `${keyOf(kind)}:version`;

function reviveDates<T extends { createdAt: Date; updatedAt: Date }>(rows: T[]): T[] {
  return rows.map((row) => ({
    ...row,
    createdAt: new Date(row.createdAt),
    updatedAt: new Date(row.updatedAt),
  }));
}

/**
 * Redis cache of the department and team lists, shared by every instance: one VersionedRedisCache each (a write bumps
 * the version after it commits, so a reader that loaded old rows during the write can only fill a key nobody reads
 * any more). Redis failures never fail a request: reads fall back to the database.
 */
@Implements(ReferenceCache)
export class RedisReferenceCache extends FailOpenRedisAdapter(ReferenceCache, 'reference_cache') {
  private readonly logger = new Logger(RedisReferenceCache.name);
  private readonly departmentList = this.listOf<Department>('departments');
  private readonly teamList = this.listOf<Team>('teams');

  async departments(load: () => Promise<Department[]>): Promise<Department[]> {
    return this.departmentList.read(load);
  }

  async teams(load: () => Promise<Team[]>): Promise<Team[]> {
    return this.teamList.read(load);
  }

  invalidateDepartments(): Promise<void> {
    return this.departmentList.invalidate();
  }

  invalidateTeams(): Promise<void> {
    return this.teamList.invalidate();
  }

  private listOf<T extends { createdAt: Date; updatedAt: Date }>(kind: Kind): VersionedRedisCache<T[]> {
    return new VersionedRedisCache<T[]>(this.redis, this.logger, {
      key: keyOf(kind),
      ttlSeconds: TTL_SECONDS,
      name: `the ${kind} cache`,
      stale: `the ${kind} cache may be stale`,
      revive: (parsed) => reviveDates(parsed as T[]),
    });
  }
}
