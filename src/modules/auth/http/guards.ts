import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated } from '../../../common/auth/access-token';
import { IS_PUBLIC } from '../../../common/auth/public.decorator';
import { Role } from '../../../common/auth/role';
import { ROLES } from '../../../common/auth/roles.decorator';
import {
  DomainError,
  ForbiddenError,
  RateLimitedError,
  UnauthenticatedError,
  ValidationFailedError,
} from '../../../common/errors/domain-errors';
import { flattenValidationErrors } from '../../../common/http/validation';
import { rateLimitHeaders } from '../../../common/rate-limit/rate-limit-headers';
import { RateLimiter } from '../../../common/rate-limit/rate-limiter';
import { authConfig } from '../../../config/configuration';
import type { RawRequestContext } from '../../../infrastructure/logging/logging.module';
import { LoginDto } from './auth.dto';
import { StrategyNames, useStrategy } from './strategy-names';

/** Global: every route needs a valid bearer token unless it is @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard() {
  constructor(
    private readonly reflector: Reflector,
    private readonly names: StrategyNames,
  ) {
    super({ defaultStrategy: names.jwt });
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    useStrategy(this, this.names.jwt);
    return super.canActivate(context);
  }

  override handleRequest<T = Authenticated>(
    err: unknown,
    user: T | false,
    _info: unknown,
    context: ExecutionContext,
  ): T {
    // a refusal of the strategy's own (revoked, deactivated) as it is; any other error is the server's, such as
    // PostgreSQL away while the session is checked: the error filter answers it (503), never as a bad token (401),
    // which clients would take for a logout and the pre-auth limiter would count against the client's address
    if (err instanceof DomainError || err instanceof Error) throw err;
    if (err || !user) throw new UnauthenticatedError('A valid access token is required');
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    (request.raw as RawRequestContext).userId = (user as unknown as Authenticated).actor.id; // for the access log
    return user;
  }
}

/** Global: a route with @Roles(...) admits only those roles. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!roles || roles.length === 0) return true;
    const user = context.switchToHttp().getRequest<{ user?: Authenticated }>().user;
    if (!user) throw new UnauthenticatedError();
    if (!roles.includes(user.actor.role)) throw new ForbiddenError('Your role may not use this endpoint');
    return true;
  }
}

/** Login, register, refresh, forgot and reset: RATE_LIMIT_AUTH_PER_IP requests per minute per client IP. */
@Injectable()
export class AuthIpRateLimitGuard implements CanActivate {
  constructor(
    private readonly limiter: RateLimiter,
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const state = await this.limiter.hit(`auth-ip:${request.ip}`, this.config.authRequestsPerIpPerMinute, 60);
    void reply.headers(rateLimitHeaders(state));
    if (!state.allowed) throw new RateLimitedError(state.resetSeconds);
    return true;
  }
}

/** Validates the login body first (a 400 names the fields), then runs passport-local. */
@Injectable()
export class LocalAuthGuard extends AuthGuard() {
  constructor(private readonly names: StrategyNames) {
    super({ defaultStrategy: names.local });
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    useStrategy(this, this.names.local);
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const body: unknown = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new ValidationFailedError('The request is not valid', [
        { field: 'body', message: 'the body must be a JSON object' },
      ]);
    }
    const errors = await validate(plainToInstance(LoginDto, body), {
      whitelist: true,
      forbidNonWhitelisted: true,
    });
    if (errors.length > 0) {
      throw new ValidationFailedError('The request is not valid', flattenValidationErrors(errors));
    }
    return (await super.canActivate(context)) as boolean;
  }

  override handleRequest<T>(err: unknown, user: T | false): T {
    if (err instanceof Error) throw err; // RateLimitedError, UnauthenticatedError from the strategy
    if (err) throw new UnauthenticatedError('Invalid email or password');
    if (!user) throw new UnauthenticatedError('Invalid email or password');
    return user;
  }
}
