import { JwtService } from '@nestjs/jwt';
import { AccessToken } from '../../common/auth/access-token';
import { Actor } from '../../common/auth/actor';
import { isUuid } from '../../common/ids';
import { SessionState } from '../org/user-directory.port';
import { AuthService } from './auth.service';
import { RefreshTokenRepository } from './refresh-token-repository.port';
import { SessionStore } from './session-store.port';
import { SessionLiveness, WatchedSession } from './session-liveness.port';
import { AccessClaims, isAccessClaims, JWT_AUDIENCE, JWT_ISSUER } from './token.service';
import { Implements } from '../../common/di/implements';

export type { WatchedSession } from './session-liveness.port';

/**
 * For connections that outlive a request: admits them with an access token and then answers, for many of them at
 * once, whether their session still stands. A session ends with a logout (its refresh family is revoked), a password
 * change or reset elsewhere (generation bumped, family revoked), a deactivation, or the expiry of its refresh token.
 */
@Implements(SessionLiveness)
export class SessionLivenessService extends SessionLiveness {
  constructor(
    private readonly jwt: JwtService,
    private readonly auth: AuthService,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly sessions: SessionStore,
  ) {
    super();
  }

  /** An access token checked exactly as the bearer guard checks it; null when it is not valid. */
  async authenticate(accessToken: string): Promise<WatchedSession | null> {
    let payload: Partial<AccessClaims>;
    try {
      payload = await this.jwt.verifyAsync<Partial<AccessClaims>>(accessToken, {
        algorithms: ['HS256'],
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
      });
    } catch {
      return null;
    }
    if (!isAccessClaims(payload)) return null;
    const state = await this.auth.validateAccess(payload);
    if (!state) return null;
    return {
      actor: { id: state.id, role: state.role, departmentId: state.departmentId, teamId: state.teamId },
      token: { jti: payload.jti, exp: payload.exp, sessionId: payload.sid },
      generation: state.tokenGeneration,
    };
  }

  /** The session of a caller the guard has just admitted, to be watched from now on. */
  async watch(actor: Actor, token: AccessToken): Promise<WatchedSession | null> {
    const state = await this.auth.sessionState(actor.id);
    if (!state?.isActive) return null;
    return { actor, token, generation: state.tokenGeneration };
  }

  /**
   * For each session, its user's current state while it may go on, else null. A handful of round trips for any
   * number of sessions: one Redis pipeline for the denylist, one query for the refresh families, one cached state
   * per distinct user.
   */
  async check(watched: readonly WatchedSession[]): Promise<Array<SessionState | null>> {
    if (watched.length === 0) return [];
    const jtis = [...new Set(watched.map((w) => w.token.jti))];
    const families = [...new Set(watched.map((w) => w.token.sessionId).filter(isUuid))];
    const userIds = [...new Set(watched.map((w) => w.actor.id))];
    const [denied, live, states] = await Promise.all([
      this.sessions.deniedAmong(jtis),
      this.refreshTokens.liveFamilies(families),
      Promise.all(userIds.map(async (id) => [id, await this.auth.sessionState(id)] as const)),
    ]);
    const stateOf = new Map(states);
    return Promise.all(
      watched.map(async (w) => {
        if (denied.has(w.token.jti) || !live.has(w.token.sessionId)) return null;
        const state = stateOf.get(w.actor.id);
        if (!state?.isActive) return null;
        if (state.tokenGeneration === w.generation) return state;
        // a password change made in this very session carries it over to the new generation
        const carried = await this.sessions.carriedGeneration(w.token.sessionId);
        return carried === state.tokenGeneration ? state : null;
      }),
    );
  }
}
