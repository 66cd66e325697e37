import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Role } from './role';

export const ROLES = 'roles';

/**
 * Any signed-in user, whatever their role (every route that is not @Public() needs a token anyway; this says so
 * and documents the bearer requirement and the 401 in OpenAPI). A route that refuses some callers documents that
 * itself.
 */
export const Authenticated = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ApiBearerAuth('bearer'),
    ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED: no valid access token' }),
  );

/**
 * The roles allowed on a route, at least one (for any signed-in user, use @Authenticated()). Also documents the
 * bearer requirement and the 401/403 answers in OpenAPI, so the spec and the guard cannot disagree.
 */
export const Roles = (...roles: [Role, ...Role[]]): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(ROLES, roles),
    Authenticated(),
    ApiForbiddenResponse({ description: `FORBIDDEN: requires role ${roles.join(' or ')}` }),
  );
