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
/** The write generation of one department's tickets, or of all (null). */
const generationKey = (departmentId: string | null): string =>
  departmentId ? `tickets:generation:dept:${departmentId}` : 'tickets:generation:all';

@Implements(TicketSummaryCache)
export class RedisTicketSummaryCache extends TicketSummaryCache {
  private readonly redis: FailOpenRedis;

  constructor(@Inject(Redis) redis: Redis) {
    super();
    this.redis = new FailOpenRedis(redis, 'ticket_references');
  }

  async counts<T extends Record<string, number>>(
    departmentId: string | null,
    view: 'all' | 'staff',
    load: () => Promise<T>,
  ): Promise<T> {
    const of = `tickets:summary:${departmentId ? `dept:${departmentId}` : 'all'}${view === 'staff' ? ':internal' : ''}`;
    // the generation first, then the entry under it; Redis away or failing: the loader answers, nothing is stored
    const hit = await this.redis.run(async (redis) => {
      const key = `${of}:${(await redis.get(generationKey(departmentId))) ?? '0'}`;
      return { key, cached: await redis.get(key) };
    }, null);
    if (hit?.cached) return JSON.parse(hit.cached) as T;
    const counts = await load();
    if (hit)
      await this.redis.run(
        (redis) => redis.set(hit.key, JSON.stringify(counts), 'EX', SUMMARY_TTL_SECONDS),
        undefined,
      );
    return counts;
  }

  /** Moves the generations on: entries under the ones before are no longer read, and expire by their TTL. */
  async invalidate(departmentId: string | null): Promise<void> {
    // while Redis is down nothing is cached either (the generation cannot be read)
    await this.redis.run((redis) => {
      const batch = redis.multi().incr(generationKey(null));
      if (departmentId) batch.incr(generationKey(departmentId));
      return batch.exec();
    }, undefined);
  }

  generation(departmentId: string | null): Promise<string | null> {
    return this.redis.run(async (redis) => (await redis.get(generationKey(departmentId))) ?? '0', null);
  }
}
