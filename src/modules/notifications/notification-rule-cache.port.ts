import { ReadThroughCache } from '../../common/cache/read-through-cache';
import { ActiveRule } from './domain/notification-rule';

/**
 * The rules as the worker reads them for every event: held in the shared Redis, dropped by every write (after its
 * commit), so all instances evaluate the new rules at once; the database answers while Redis is away.
 */
export abstract class NotificationRuleCache extends ReadThroughCache<ActiveRule[]> {}
