import { Global, Module } from '@nestjs/common';
import { RateLimiter } from '../../common/rate-limit/rate-limiter';
import { RedisRateLimiter } from './redis-rate-limiter';

@Global()
@Module({ providers: [{ provide: RateLimiter, useClass: RedisRateLimiter }], exports: [RateLimiter] })
export class RateLimitModule {}
