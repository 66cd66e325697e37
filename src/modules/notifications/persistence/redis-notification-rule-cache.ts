import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { redisReady } from '../../../infrastructure/redis/redis-available';
import { ActiveRule } from '../domain/notification-rule';
import { NotificationRuleCache } from '../notification-rule-cache.port';
import { Implements } from '../../../common/di/implements';

const TTL_SECONDS = 300;
const VERSION_KEY = 'notification-rules:version';
const rulesKey = (version: string) => `notification-rules:v${version}`;

/**
 * The rules under a versioned key in the shared Redis: a write bumps the version after it commits, so every worker
 * on every instance evaluates the new rules from the next event on (a reader that loaded the old rules just before
 * can only store them under the old version, which nobody reads any more). While Redis is away the database answers.
 */
@Implements(NotificationRuleCache)
@Injectable()
export class RedisNotificationRuleCache extends NotificationRuleCache {
  private readonly logger = new Logger(RedisNotificationRuleCache.name);

  constructor(@Inject(Redis) private readonly redis: Redis) {
    super();
  }

  async rules(load: () => Promise<ActiveRule[]>): Promise<ActiveRule[]> {
    if (!redisReady(this.redis, 'notification_rules_cache')) return load();
    let version: string;
    try {
      version = (await this.redis.get(VERSION_KEY)) ?? '0';
      const cached = await this.redis.get(rulesKey(version));
      if (cached) return JSON.parse(cached) as ActiveRule[];
    } catch (error) {
      this.warn('reading the notification rules cache failed; using the database', error);
      return load();
    }
    const rules = await load();
    if (redisReady(this.redis, 'notification_rules_cache')) {
      await this.redis
        .set(rulesKey(version), JSON.stringify(rules), 'EX', TTL_SECONDS)
        .catch((error: unknown) => this.warn('filling the notification rules cache failed', error));
    }
    return rules;
  }

  async invalidate(): Promise<void> {
    if (!redisReady(this.redis, 'notification_rules_cache')) {
      this.logger.warn(
        `Redis unavailable: notification rules may be applied stale for up to ${TTL_SECONDS} s`,
      );
      return;
    }
    await this.redis
      .incr(VERSION_KEY)
      .catch((error: unknown) => this.warn('invalidating the notification rules cache failed', error));
  }

  private warn(message: string, error: unknown): void {
    this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, message);
  }
}
