import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { durationToMs } from '../../config/durations';
import { authConfig } from '../../config/configuration';
import { Role } from '../../common/auth/role';

export const JWT_ISSUER = 'helpdesk-api';
export const JWT_AUDIENCE = 'helpdesk-api';

/** Claims of an access token. `gen` is the user's token generation, `sid` the refresh family (the session). */
export interface AccessClaims {
  sub: string;
  role: Role;
  jti: string;
  gen: number;
  sid: string;
  iat?: number;
  exp?: number;
}

/** Whether a verified JWT payload has every claim an access token must carry. */
export const isAccessClaims = (p: Partial<AccessClaims>): p is AccessClaims & { exp: number } =>
  typeof p.sub === 'string' &&
  typeof p.jti === 'string' &&
  typeof p.sid === 'string' &&
  typeof p.gen === 'number' &&
  typeof p.exp === 'number';

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** Issues HS256 access tokens and opaque refresh tokens (only whose SHA-256 is ever stored). */
@Injectable()
export class TokenService {
  readonly accessTtlSeconds: number;
  readonly refreshTtlMs: number;

  constructor(
    private readonly jwt: JwtService,
    @Inject(authConfig.KEY) config: ConfigType<typeof authConfig>,
  ) {
    this.accessTtlSeconds = Math.floor(durationToMs(config.accessTtl) / 1000);
    this.refreshTtlMs = durationToMs(config.refreshTtl);
  }

  signAccess(claims: { sub: string; role: Role; gen: number; sid: string }): string {
    const payload: AccessClaims = { ...claims, jti: randomUUID() };
    return this.jwt.sign(payload, {
      algorithm: 'HS256',
      expiresIn: this.accessTtlSeconds,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
    });
  }

  newRefreshToken(): { token: string; hash: string } {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: sha256(token) };
  }
}
