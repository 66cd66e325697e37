import { createSecretKey } from 'node:crypto';
import { ConfigType } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { Authenticated } from '../../../common/auth/access-token';
import { authConfig } from '../../../config/configuration';
import { AuthService } from '../auth.service';
import { AccessClaims, isAccessClaims, JWT_AUDIENCE, JWT_ISSUER } from '../token.service';
import { VerifiedTokens } from './verified-tokens';

/** Verified access tokens kept per process (a token is a few hundred bytes: a few MB at most). */
const VERIFIED_TOKENS_KEPT = 10_000;

const bearerToken = ExtractJwt.fromAuthHeaderAsBearerToken();

/** The request as passport hands it over (Fastify's, under the Express type passport's typings name). */
type PassportRequest = Parameters<Strategy['authenticate']>[0];

/**
 * Bearer access tokens: HS256 only, issuer and audience checked, then revocation and session state.
 * Registered with passport under `name` (see StrategyNames).
 */
export function createJwtStrategy(
  name: string,
  config: ConfigType<typeof authConfig>,
  auth: AuthService,
): object {
  const verified = new VerifiedTokens<AccessClaims & { exp: number }>(VERIFIED_TOKENS_KEPT);

  class JwtStrategy extends PassportStrategy(Strategy, name) {
    constructor() {
      super({
        jwtFromRequest: bearerToken,
        // a ready key object: given a string, the verifier first tries to parse it as a PEM public key on every
        // request, which cost about a sixth of a request's CPU (measured with --cpu-prof under npm run bench)
        // (typed as string | Buffer, but handed to jsonwebtoken as is, which takes KeyObjects)
        secretOrKey: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')) as unknown as Buffer,
        algorithms: ['HS256'],
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
        ignoreExpiration: false,
        passReqToCallback: true,
      });
    }

    /**
     * passport-jwt verifies a token's signature and claims the first time it is presented; after that, until it
     * expires, the verified claims are taken from `verified` (about a third of the guard's CPU: decoding, HMAC,
     * claim checks). validate(), with its revocation and session checks, runs on every request either way.
     */
    override authenticate(req: PassportRequest, options?: unknown): void {
      const token = bearerToken(req);
      const claims = token ? verified.get(token) : undefined;
      if (claims === undefined) return super.authenticate(req, options);
      // what passport-jwt does with the claims it has verified (a refusal with neither challenge nor status)
      this.validate(req, claims).then(
        (user) => (user ? this.success(user) : (this.fail as (challenge?: unknown) => void)()),
        (err: unknown) => this.error(err as Error),
      );
    }

    /** The one place a request's Actor is built: from the user as they are now, not the claims at login. */
    async validate(req: PassportRequest, payload: Partial<AccessClaims>): Promise<Authenticated | false> {
      if (!isAccessClaims(payload)) return false;
      // only ever called with claims passport-jwt has just verified for this request's token, or remembered ones
      const token = bearerToken(req);
      if (token) verified.remember(token, payload);
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
