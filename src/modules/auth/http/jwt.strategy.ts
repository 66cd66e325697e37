import { createSecretKey } from 'node:crypto';
import { ConfigType } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { Authenticated } from '../../../common/auth/access-token';
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

    /** The one place a request's Actor is built: from the user as they are now, not the claims at login. */
    async validate(payload: Partial<AccessClaims>): Promise<Authenticated | false> {
      if (!isAccessClaims(payload)) return false;
      const state = await auth.validateAccess(payload);
      if (!state) return false;
      return {
        actor: { id: state.id, role: state.role, departmentId: state.departmentId, teamId: state.teamId },
        token: { jti: payload.jti, exp: payload.exp, sessionId: payload.sid },
      };
    }
  }
  return new JwtStrategy();
}
