import { versionedRedisCache } from '../../../infrastructure/redis/versioned-redis-cache';
import { NotificationRuleCache } from '../notification-rule-cache.port';

/**
 * The rules in the shared Redis, under a version every write bumps: every worker on every instance evaluates the new
 * rules from the next event on. While Redis is away the database answers.
 */
export const redisNotificationRuleCache = versionedRedisCache(NotificationRuleCache, {
  feature: 'notification_rules_cache',
  key: 'notification-rules',
  ttlSeconds: 300,
  name: 'the notification rules cache',
  stale: 'notification rules may be applied stale',
});
