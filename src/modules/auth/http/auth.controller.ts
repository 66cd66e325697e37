import { Resource, Route } from '../../../common/http/route.decorator';
import { applyDecorators, Body, CanActivate, Req, Type, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiOperation } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Actor } from '../../../common/auth/actor';
import { AccessToken } from '../../../common/auth/access-token';
import { CurrentActor, CurrentToken } from '../../../common/auth/current-actor.decorator';
import { Public } from '../../../common/auth/public.decorator';
import { ErrorCode } from '../../../common/errors/error-codes';
import { NoApiRateLimit } from '../../../common/rate-limit/no-api-rate-limit.decorator';
import { UserCredentials } from '../../org/domain/user';
import { AuthService } from '../auth.service';
import { PasswordResetService } from '../password-reset.service';
import {
  AuthUserResponseDto,
  ChangePasswordDto,
  ForgotPasswordDto,
  LoginDto,
  LogoutDto,
  RefreshDto,
  RegisterDto,
  ResetPasswordDto,
  SessionResponseDto,
} from './auth.dto';
import { toAuthUserResponse, toProfileResponse, toSessionResponse } from './auth.mapper';
import { AuthIpRateLimitGuard, LocalAuthGuard } from './guards';

/**
 * A route anyone may call: the API-wide rate limit gives way to the per-address one of AuthIpRateLimitGuard, which
 * runs before `guards`.
 */
const OpenAuthRoute = (...guards: Type<CanActivate>[]): MethodDecorator =>
  applyDecorators(Public(), NoApiRateLimit(), UseGuards(AuthIpRateLimitGuard, ...guards));

@Resource('auth', 'auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly resets: PasswordResetService,
  ) {}

  @OpenAuthRoute()
  @Route.create('register', AuthUserResponseDto, {
    summary: 'Create an END_USER account (when ALLOW_SELF_REGISTRATION=true); 409 on a taken email',
    errors: [
      [ErrorCode.CONFLICT, 'an account with this email exists'],
      [
        ErrorCode.RATE_LIMITED,
        'too many attempts for this email (RATE_LIMIT_LOGIN_FAILURES in 15 min), or too many requests from this address',
      ],
    ],
    forbidden: 'self-registration is off (ALLOW_SELF_REGISTRATION=false)',
  })
  async register(@Body() body: RegisterDto) {
    const user = await this.auth.register(body);
    return toAuthUserResponse(user, { departmentId: null, teamId: null });
  }

  @OpenAuthRoute(LocalAuthGuard)
  @Route.post('login', SessionResponseDto, {
    summary: 'Log in with email and password',
    description:
      'Unknown email and wrong password answer the same 401 in the same time. After RATE_LIMIT_LOGIN_FAILURES ' +
      'failures for one email within 15 minutes, 429 with Retry-After, from anywhere, with one exception: an ' +
      "ADMIN's correct password from an address that ADMIN logged in from successfully within the last 30 days " +
      'gets through (that address has its own budget of RATE_LIMIT_LOGIN_FAILURES failures, and a wrong password ' +
      'from it answers 429 too), so a stranger cannot lock the admins out.',
    errors: [
      [
        ErrorCode.UNAUTHENTICATED,
        'unknown email, wrong password or a deactivated account (one answer for all)',
      ],
      [
        ErrorCode.RATE_LIMITED,
        'too many failed logins for this email, or too many requests from this address',
      ],
    ],
  })
  @ApiBody({ type: LoginDto })
  async login(@Req() request: FastifyRequest & { user: UserCredentials }) {
    const session = await this.auth.startSession(request.user, request.ip);
    return toSessionResponse(session, await this.auth.profile(request.user.id));
  }

  @OpenAuthRoute()
  @Route.post('refresh', SessionResponseDto, {
    summary: 'Exchange a refresh token for a new pair',
    description: 'Each refresh token works once. Presenting a used one again revokes its whole family (401).',
    errors: [
      [ErrorCode.UNAUTHENTICATED, 'an unknown, expired or already used refresh token (its family ends)'],
    ],
  })
  async refresh(@Body() body: RefreshDto) {
    const session = await this.auth.refresh(body.refreshToken);
    return toSessionResponse(session, await this.auth.profile(session.user.id));
  }

  @Route.noContent('POST', 'logout', {
    access: 'signed-in',
    summary: 'End this session: the access token stops working at once, the refresh family is revoked',
  })
  async logout(@CurrentActor() user: Actor, @CurrentToken() token: AccessToken, @Body() body: LogoutDto) {
    await this.auth.logout(user, token, body.refreshToken);
  }

  @OpenAuthRoute()
  @Route.of(
    'POST',
    'password/forgot',
    202,
    applyDecorators(
      ApiOperation({
        summary: 'Ask for a password-reset mail',
        description:
          'Always 202, in the same time, whether or not the address has an account (no enumeration). At most ' +
          '`RATE_LIMIT_FORGOT_PER_HOUR` (default 5) reset mails go to one address an hour; further requests for it ' +
          'still answer 202 and send nothing (429 comes only from the per-IP limits).',
      }),
      ApiAcceptedResponse(),
    ),
  )
  async forgot(@Body() body: ForgotPasswordDto) {
    await this.resets.requestReset(body.email);
  }

  @OpenAuthRoute()
  @Route.noContent('POST', 'password/reset', {
    summary: 'Set a new password with a reset token; every session of the user ends',
    invalid: 'a used, expired or unknown token, or a password of the wrong length',
  })
  async reset(@Body() body: ResetPasswordDto) {
    await this.resets.reset(body.token, body.newPassword);
  }

  @Route.noContent('POST', 'password/change', {
    access: 'signed-in',
    summary: 'Change your password; your other sessions end, this one goes on',
    invalid: 'the current password is wrong, or the new one has the wrong length',
  })
  async change(
    @CurrentActor() user: Actor,
    @CurrentToken() token: AccessToken,
    @Body() body: ChangePasswordDto,
  ) {
    await this.auth.changePassword(user, token.sessionId, body.currentPassword, body.newPassword);
  }

  @Route.get('me', AuthUserResponseDto, {
    access: 'signed-in',
    summary: 'The caller, with role, and departmentId/teamId for staff',
  })
  async me(@CurrentActor() user: Actor) {
    return toProfileResponse(await this.auth.profileOf(user));
  }
}
