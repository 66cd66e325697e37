import { Global, Module } from '@nestjs/common';
import { RateLimiter } from '../../common/rate-limit/rate-limiter';
import { RedisRateLimiter } from './redis-rate-limiter';
import { adapters } from '../../common/di/implements';

@Global()
@Module({ providers: [...adapters(RedisRateLimiter)], exports: [RateLimiter] })
export class RateLimitModule {}
