import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Role } from './role';

export const ROLES = 'roles';

/**
 * The roles allowed on a route (all authenticated users when omitted). Also documents the bearer requirement and the
 * 401/403 answers in OpenAPI, so the spec and the guard cannot disagree.
 */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(ROLES, roles),
    ApiBearerAuth('bearer'),
    ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED: no valid access token' }),
    // without roles every signed-in user passes the guard: a route that refuses some of them documents that itself
    ...(roles.length > 0
      ? [ApiForbiddenResponse({ description: `FORBIDDEN: requires role ${roles.join(' or ')}` })]
      : []),
  );
