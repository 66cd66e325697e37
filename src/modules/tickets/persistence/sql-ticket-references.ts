import { Inject } from '@nestjs/common';
import Redis from 'ioredis';
import { FailOpenRedis } from '../../../infrastructure/redis/fail-open-redis';
import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { TicketReferences } from '../ticket-references.port';
import { TicketSummaryCache } from '../ticket-summary-cache.port';
import { Implements } from '../../../common/di/implements';
import { SqlAdapter } from '../../../infrastructure/database/sql-adapter';

@SqlAdapter(TicketReferences)
export class SqlTicketReferences extends SqlRepository implements TicketReferences {
  async teamDepartment(teamId: string): Promise<string | null> {
    const [row] = await this.rows<{ department_id: string }>(
      'SELECT department_id FROM teams WHERE id = $1 AND is_active',
      [teamId],
    );
    return row?.department_id ?? null;
  }

  activeUserExists(userId: string): Promise<boolean> {
    return this.exists('SELECT 1 FROM users WHERE id = $1 AND is_active', [userId]);
  }
}

const SUMMARY_TTL_SECONDS = 60;
const GENERATION_ALL = 'tickets:generation:all';
const GENERATION_DEPARTMENT = 'tickets:generation:dept:';

@Implements(TicketSummaryCache)
export class RedisTicketSummaryCache extends TicketSummaryCache {
  private readonly redis: FailOpenRedis;

  constructor(@Inject(Redis) redis: Redis) {
    super();
    this.redis = new FailOpenRedis(redis, 'ticket_references');
  }

  async get(key: string): Promise<Record<string, number> | null> {
    const raw = await this.redis.run((redis) => redis.get(`tickets:summary:${key}`), null);
    return raw ? (JSON.parse(raw) as Record<string, number>) : null;
  }

  async set(key: string, counts: Record<string, number>): Promise<void> {
    await this.redis.run(
      (redis) => redis.set(`tickets:summary:${key}`, JSON.stringify(counts), 'EX', SUMMARY_TTL_SECONDS),
      undefined,
    );
  }

  /** Moves the generations on: entries under the ones before are no longer read, and expire by their TTL. */
  async invalidate(departmentId: string | null): Promise<void> {
    // while Redis is down nothing is cached either (the generation cannot be read)
    await this.redis.run((redis) => {
      const batch = redis.multi().incr(GENERATION_ALL);
      if (departmentId) batch.incr(`${GENERATION_DEPARTMENT}${departmentId}`);
      return batch.exec();
    }, undefined);
  }

  generation(departmentId: string | null): Promise<string | null> {
    const key = departmentId ? `${GENERATION_DEPARTMENT}${departmentId}` : GENERATION_ALL;
    return this.redis.run(async (redis) => (await redis.get(key)) ?? '0', null);
  }
}
