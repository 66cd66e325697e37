import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { redisReady } from '../../infrastructure/redis/redis-available';
import { Department } from './domain/department';
import { Team } from './domain/team';

const TTL_SECONDS = 300;

type Kind = 'departments' | 'teams';

/** Departments and teams are small and read on nearly every request that touches them, so one list each is cached. */
const versionKey = (kind: Kind) => `org:ref:${kind}:version`;
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
@Injectable()
export class ReferenceCache {
  private readonly logger = new Logger(ReferenceCache.name);

  constructor(@Inject(Redis) private readonly redis: Redis) {}

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
    if (!redisReady(this.redis, 'reference_cache')) return load(); // never wait on a Redis that is away
    let version: string;
    try {
      version = (await this.redis.get(versionKey(kind))) ?? '0';
      const cached = await this.redis.get(dataKey(kind, version));
      if (cached) return reviveDates(JSON.parse(cached) as T[]);
    } catch (error) {
      this.warn(`read of the ${kind} cache failed; using the database`, error);
      return load();
    }
    const rows = await load();
    try {
      if (!redisReady(this.redis, 'reference_cache')) return rows;
      await this.redis.set(dataKey(kind, version), JSON.stringify(rows), 'EX', TTL_SECONDS);
    } catch (error) {
      this.warn(`filling the ${kind} cache failed`, error);
    }
    return rows;
  }

  private async invalidate(kind: Kind): Promise<void> {
    if (!redisReady(this.redis, 'reference_cache')) {
      this.logger.warn(`Redis unavailable: the ${kind} cache may be stale for up to ${TTL_SECONDS} s`);
      return;
    }
    try {
      await this.redis.incr(versionKey(kind));
    } catch (error) {
      // the TTL bounds how long a stale list can survive a Redis that missed this
      this.warn(`invalidating the ${kind} cache failed`, error);
    }
  }

  private warn(message: string, error: unknown): void {
    this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, message);
  }
}
