import { Inject } from '@nestjs/common';
import Redis from 'ioredis';
import { RotationCounter, RotationUnavailableError } from '../rotation-counter.port';
import { Implements } from '../../../common/di/implements';

/** ioredis queues commands while disconnected; past this an assignment stops waiting and falls back. */
export const ROTATION_TIMEOUT_MS = 500;

/**
 * One Redis counter per pool (`assignment:rr:dept:<id>` / `assignment:rr:team:<id>`, under REDIS_KEY_PREFIX).
 * INCR is atomic, so concurrent assignments from any number of instances get distinct, consecutive numbers.
 */
@Implements(RotationCounter)
export class RedisRotationCounter extends RotationCounter {
  constructor(@Inject(Redis) private readonly redis: Redis) {
    super();
  }

  async next(poolKey: string): Promise<number> {
    // a client that lost its connection would only queue the command: do not wait for it at all
    if (
      this.redis.status === 'reconnecting' ||
      this.redis.status === 'end' ||
      this.redis.status === 'close'
    ) {
      throw new RotationUnavailableError(`Redis is ${this.redis.status}`);
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new RotationUnavailableError(`Redis did not answer within ${ROTATION_TIMEOUT_MS} ms`)),
        ROTATION_TIMEOUT_MS,
      );
    });
    try {
      return await Promise.race([this.redis.incr(`assignment:rr:${poolKey}`), timeout]);
    } catch (err) {
      if (err instanceof RotationUnavailableError) throw err;
      throw new RotationUnavailableError((err as Error).message);
    } finally {
      clearTimeout(timer);
    }
  }
}
