import { createHash, randomBytes } from 'node:crypto';
import { Inject } from '@nestjs/common';
import Redis from 'ioredis';
import { ServiceUnavailableError } from '../../../common/errors/domain-errors';
import { redisReady } from '../../../infrastructure/redis/redis-available';
import { StreamGrant, StreamTokens } from '../stream-tokens.port';
import { Implements } from '../../../common/di/implements';

const keyOf = (token: string) => `sse:token:${createHash('sha256').update(token).digest('hex')}`;

/** Stream tokens in Redis under their SHA-256 only, with a TTL; GETDEL makes a redemption single-use everywhere. */
@Implements(StreamTokens)
export class RedisStreamTokens extends StreamTokens {
  constructor(@Inject(Redis) private readonly redis: Redis) {
    super();
  }

  async issue(grant: StreamGrant, ttlSeconds: number): Promise<string> {
    this.requireRedis();
    const token = randomBytes(32).toString('base64url');
    await this.redis.set(keyOf(token), JSON.stringify(grant), 'EX', ttlSeconds);
    return token;
  }

  async redeem(token: string): Promise<StreamGrant | null> {
    this.requireRedis();
    const value = await this.redis.getdel(keyOf(token));
    return value ? (JSON.parse(value) as StreamGrant) : null;
  }

  private requireRedis(): void {
    if (!redisReady(this.redis, 'stream_tokens'))
      throw new ServiceUnavailableError('Event streams are unavailable right now');
  }
}
