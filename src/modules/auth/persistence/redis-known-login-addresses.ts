import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { FailOpenRedisAdapter } from '../../../infrastructure/redis/fail-open-redis-adapter';
import { KNOWN_ADDRESS_DAYS, KnownLoginAddresses } from '../known-login-addresses.port';
import { Implements } from '../../../common/di/implements';

// addresses are kept hashed: the key says whether this user logged in from there, not where they log in from
const key = (userId: string, ip: string) =>
  `auth:known-ip:${userId}:${createHash('sha256').update(ip).digest('hex').slice(0, 32)}`;

/** In Redis, one key per user and address with a sliding expiry. Without Redis nothing is known (no way around). */
@Implements(KnownLoginAddresses)
export class RedisKnownLoginAddresses extends FailOpenRedisAdapter(KnownLoginAddresses, 'login_addresses') {
  private readonly logger = new Logger(RedisKnownLoginAddresses.name);

  async remember(userId: string, ip: string): Promise<void> {
    await this.redis.run(
      async (redis) => {
        await redis.set(key(userId, ip), '1', 'EX', KNOWN_ADDRESS_DAYS * 86400);
      },
      undefined,
      {
        failed: (err) =>
          this.logger.warn({ err: (err as Error).message }, 'could not remember a login address'),
      },
    );
  }

  isKnown(userId: string, ip: string): Promise<boolean> {
    return this.redis.run(async (redis) => (await redis.exists(key(userId, ip))) === 1, false);
  }
}
