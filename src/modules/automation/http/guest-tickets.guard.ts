import { CanActivate, ExecutionContext, Injectable, NotFoundException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RateLimitedError } from '../../../common/errors/domain-errors';
import { rateLimitHeaders } from '../../../common/rate-limit/rate-limit-headers';
import { GuestSubmissionService } from '../guest-submission.service';

/**
 * Before the body is read: with ALLOW_GUEST_TICKETS=false the route answers exactly as a route that does not exist;
 * otherwise each request counts against RATE_LIMIT_GUEST_PER_IP (429 with Retry-After past it).
 */
@Injectable()
export class GuestTicketsGuard implements CanActivate {
  constructor(private readonly guests: GuestSubmissionService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (!this.guests.enabled) throw new NotFoundException();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const state = await this.guests.countIp(request.ip);
    void reply.headers(rateLimitHeaders(state));
    if (!state.allowed) throw new RateLimitedError(state.resetSeconds);
    return true;
  }
}
