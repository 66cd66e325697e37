import { Injectable, Logger } from '@nestjs/common';
import { FailOpenRedisAdapter } from '../../../infrastructure/redis/fail-open-redis-adapter';
import { Department } from '../domain/department';
import { Team } from '../domain/team';
import { ReferenceCache } from '../reference-cache.port';
import { Implements } from '../../../common/di/implements';

const TTL_SECONDS = 300;

type Kind = 'departments' | 'teams';

/** Departments and teams are small and read on nearly every request that touches them, so one list each is cached. */
export const versionKey = (kind: Kind): string => `org:ref:${kind}:version`;
const dataKey = (kind: Kind, version: string) => `org:ref:${kind}:v${version}`;

function reviveDates<T extends { createdAt: Date; updatedAt: Date }>(rows: T[]): T[] {
  return rows.map((row) => ({
    ...row,
    createdAt: new Date(row.createdAt),
    updatedAt: new Date(row.updatedAt),
  }));
}

/**
 * Redis cache of the department and team lists, shared by every instance. Each list lives under a versioned key;
 * a write bumps the version after it commits, so a reader that loaded old rows during the write can only fill a
 * key nobody reads any more. Redis failures never fail a request: reads fall back to the database.
 */
@Implements(ReferenceCache)
@Injectable()
export class RedisReferenceCache extends FailOpenRedisAdapter(ReferenceCache, 'reference_cache') {
  private readonly logger = new Logger(RedisReferenceCache.name);

  departments(load: () => Promise<Department[]>): Promise<Department[]> {
    return this.read('departments', load);
  }

  teams(load: () => Promise<Team[]>): Promise<Team[]> {
    return this.read('teams', load);
  }

  invalidateDepartments(): Promise<void> {
    return this.invalidate('departments');
  }

  invalidateTeams(): Promise<void> {
    return this.invalidate('teams');
  }

  private async read<T extends { createdAt: Date; updatedAt: Date }>(
    kind: Kind,
    load: () => Promise<T[]>,
  ): Promise<T[]> {
    // never wait on a Redis that is away: the database answers
    const hit = await this.redis.run(
      async (redis) => {
        const version = (await redis.get(versionKey(kind))) ?? '0';
        return { version, cached: await redis.get(dataKey(kind, version)) };
      },
      null,
      { failed: (error) => this.warn(`read of the ${kind} cache failed; using the database`, error) },
    );
    if (!hit) return load();
    if (hit.cached) return reviveDates(JSON.parse(hit.cached) as T[]);
    const rows = await load();
    await this.redis.run(
      (redis) => redis.set(dataKey(kind, hit.version), JSON.stringify(rows), 'EX', TTL_SECONDS),
      null,
      {
        failed: (error) => this.warn(`filling the ${kind} cache failed`, error),
      },
    );
    return rows;
  }

  private async invalidate(kind: Kind): Promise<void> {
    await this.redis.run((redis) => redis.incr(versionKey(kind)), null, {
      unavailable: () =>
        this.logger.warn(`Redis unavailable: the ${kind} cache may be stale for up to ${TTL_SECONDS} s`),
      // the TTL bounds how long a stale list can survive a Redis that missed this
      failed: (error) => this.warn(`invalidating the ${kind} cache failed`, error),
    });
  }

  private warn(message: string, error: unknown): void {
    this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, message);
  }
}
