import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Admitted, admittedId } from '../../common/auth/access-token';
import { RateLimitedError } from '../../common/errors/domain-errors';
import { NO_API_RATE_LIMIT } from '../../common/rate-limit/no-api-rate-limit.decorator';
import { rateLimitHeaders } from '../../common/rate-limit/rate-limit-headers';
import { RateLimiter } from '../../common/rate-limit/rate-limiter';
import { appConfig } from '../../config/configuration';

/** RATE_LIMIT_API_PER_MINUTE per user (per IP when anonymous) on every route that has no limit of its own. */
@Injectable()
export class ApiRateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimiter,
    @Inject(appConfig.KEY) private readonly config: ConfigType<typeof appConfig>,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const limit = this.config.rateLimitApiPerMinute;
    if (limit === 0 || context.getType() !== 'http') return true;
    const exempt = this.reflector.getAllAndOverride<boolean>(NO_API_RATE_LIMIT, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (exempt) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: Admitted }>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const who = request.user ? `user:${admittedId(request.user)}` : `ip:${request.ip}`;
    const state = await this.limiter.hit(`api:${who}`, limit, 60);
    void reply.headers(rateLimitHeaders(state));
    if (!state.allowed) throw new RateLimitedError(state.resetSeconds);
    return true;
  }
}
