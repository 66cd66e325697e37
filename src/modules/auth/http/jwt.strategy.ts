import { createSecretKey } from 'node:crypto';
import { ConfigType } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AuthUser } from '../../../common/auth/auth-user';
import { authConfig } from '../../../config/configuration';
import { AuthService } from '../auth.service';
import { AccessClaims, isAccessClaims, JWT_AUDIENCE, JWT_ISSUER } from '../token.service';

/**
 * Bearer access tokens: HS256 only, issuer and audience checked, then revocation and session state.
 * Registered with passport under `name` (see StrategyNames).
 */
export function createJwtStrategy(
  name: string,
  config: ConfigType<typeof authConfig>,
  auth: AuthService,
): object {
  class JwtStrategy extends PassportStrategy(Strategy, name) {
    constructor() {
      super({
        jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
        // a ready key object: given a string, the verifier first tries to parse it as a PEM public key on every
        // request, which cost about a sixth of a request's CPU (measured with --cpu-prof under npm run bench)
        // (typed as string | Buffer, but handed to jsonwebtoken as is, which takes KeyObjects)
        secretOrKey: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')) as unknown as Buffer,
        algorithms: ['HS256'],
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
        ignoreExpiration: false,
      });
    }

    async validate(payload: Partial<AccessClaims>): Promise<AuthUser | false> {
      if (!isAccessClaims(payload)) return false;
      const state = await auth.validateAccess(payload);
      if (!state) return false;
      return {
        id: state.id,
        email: state.email,
        role: state.role, // the current role, not the one at login
        departmentId: state.departmentId,
        teamId: state.teamId,
        jti: payload.jti,
        exp: payload.exp,
        sessionId: payload.sid,
      };
    }
  }
  return new JwtStrategy();
}
