import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { redisReady } from '../../../infrastructure/redis/redis-available';
import { KNOWN_ADDRESS_DAYS, KnownLoginAddresses } from '../known-login-addresses.port';
import { Implements } from '../../../common/di/implements';

// addresses are kept hashed: the key says whether this user logged in from there, not where they log in from
const key = (userId: string, ip: string) =>
  `auth:known-ip:${userId}:${createHash('sha256').update(ip).digest('hex').slice(0, 32)}`;

/** In Redis, one key per user and address with a sliding expiry. Without Redis nothing is known (no way around). */
@Implements(KnownLoginAddresses)
@Injectable()
export class RedisKnownLoginAddresses extends KnownLoginAddresses {
  private readonly logger = new Logger(RedisKnownLoginAddresses.name);

  constructor(@Inject(Redis) private readonly redis: Redis) {
    super();
  }

  async remember(userId: string, ip: string): Promise<void> {
    if (!redisReady(this.redis, 'login_addresses')) return;
    try {
      await this.redis.set(key(userId, ip), '1', 'EX', KNOWN_ADDRESS_DAYS * 86400);
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'could not remember a login address');
    }
  }

  async isKnown(userId: string, ip: string): Promise<boolean> {
    if (!redisReady(this.redis, 'login_addresses')) return false;
    try {
      return (await this.redis.exists(key(userId, ip))) === 1;
    } catch {
      return false;
    }
  }
}
