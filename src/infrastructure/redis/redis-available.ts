import type Redis from 'ioredis';

/**
 * Whether the client is connected right now. While it is not, ioredis would queue commands until it reconnects or
 * gives up; callers that can do without Redis (caches, denylists, counters) check this first and degrade at once.
 */
export const redisReady = (redis: Redis): boolean => redis.status === 'ready';
