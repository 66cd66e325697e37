import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { AccessToken, Authenticated } from './access-token';
import { Actor } from './actor';

function authenticated(context: ExecutionContext, decorator: string): Authenticated {
  const request = context.switchToHttp().getRequest<{ user?: Authenticated }>();
  if (!request.user)
    throw new Error(`@${decorator}() used on a route without authentication (is it @Public?)`);
  return request.user;
}

/** The caller; fails loudly when used on a route the authentication guard did not run on. */
export const CurrentActor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Actor => authenticated(context, 'CurrentActor').actor,
);

/** The access token of the request (logout, password change, stream tokens). */
export const CurrentToken = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AccessToken => authenticated(context, 'CurrentToken').token,
);
