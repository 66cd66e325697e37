import type Redis from 'ioredis';

type DegradationListener = (feature: string) => void;
const listeners = new Set<DegradationListener>();

/** Subscribes to degraded paths (the process's metrics count them); returns the unsubscribe. */
export function onRedisDegraded(listener: DegradationListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Reports that `feature` went without Redis just now (served from PostgreSQL, allowed unchecked, left uncached). */
export function redisDegraded(feature: string): void {
  for (const listener of listeners) listener(feature);
}

/**
 * Whether the client is connected right now. While it is not, ioredis would queue commands until it reconnects or
 * gives up; callers that can do without Redis (caches, denylists, counters) check this first and degrade at once.
 * With `feature`, a "no" is counted as a degraded path of that feature (`redis_degraded_total{feature}`).
 */
export const redisReady = (redis: Redis, feature?: string): boolean => {
  const ready = redis.status === 'ready';
  if (!ready && feature) redisDegraded(feature);
  return ready;
};
