import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { AuthUser } from './auth-user';

/** The caller; fails loudly when used on a route the authentication guard did not run on. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser => {
  const request = context.switchToHttp().getRequest<{ user?: AuthUser }>();
  if (!request.user)
    throw new Error('@CurrentUser() used on a route without authentication (is it @Public?)');
  return request.user;
});
