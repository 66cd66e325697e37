import { Inject } from '@nestjs/common';
import Redis from 'ioredis';
import { FailOpenRedis } from './fail-open-redis';

/**
 * The base of an adapter that implements `port` over the shared Redis and fails open: the client is injected here and
 * the adapter reads it as `this.redis`, a FailOpenRedis counted under `feature` (`redis_degraded_total{feature}`).
 */
export function FailOpenRedisAdapter<P extends object>(port: abstract new () => P, feature: string) {
  abstract class Adapter extends (port as abstract new () => object) {
    protected readonly redis: FailOpenRedis;

    constructor(@Inject(Redis) client: Redis) {
      super();
      this.redis = new FailOpenRedis(client, feature);
    }
  }
  return Adapter as abstract new (client: Redis) => P & Adapter;
}
