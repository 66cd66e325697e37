import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { AccessToken } from '../../common/auth/access-token';
import { Actor } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import {
  ConflictError,
  ForbiddenError,
  RateLimitedError,
  UnauthenticatedError,
  ValidationFailedError,
} from '../../common/errors/domain-errors';
import { RateLimiter } from '../../common/rate-limit/rate-limiter';
import { PasswordHasher } from '../../common/security/password-hasher';
import { UnitOfWork } from '../../common/unit-of-work';
import { authConfig } from '../../config/configuration';
import { User, UserCredentials } from '../org/domain/user';
import { SessionState, UserDirectory } from '../org/user-directory.port';
import { UserSessionChanges } from '../org/user-session-changes';
import { AuthAudit } from './auth-audit';
import { AuthEvent } from './domain/auth-event';
import { emailFingerprint, toUser } from './domain/login-identity';
import { judgeRefresh } from './domain/refresh-token';
import { KnownLoginAddresses } from './known-login-addresses.port';
import { PasswordResetTokenRepository } from './password-reset-token-repository.port';
import { RefreshTokenRepository } from './refresh-token-repository.port';
import { SessionStore } from './session-store.port';
import { sha256, TokenService } from './token.service';

export interface IssuedSession {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: User;
}

export interface Profile extends User {
  departmentId: string | null;
  teamId: string | null;
}

const LOGIN_WINDOW_SECONDS = 15 * 60;
const INVALID_LOGIN = 'Invalid email or password';
const INVALID_REFRESH = 'The refresh token is invalid or expired';

@Injectable()
export class AuthService implements OnModuleInit {
  /** compared against when the email is unknown, so both failures cost one bcrypt comparison */
  private dummyHash = '';

  constructor(
    private readonly users: UserDirectory,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly resetTokens: PasswordResetTokenRepository,
    private readonly sessions: SessionStore,
    private readonly knownAddresses: KnownLoginAddresses,
    private readonly tokens: TokenService,
    private readonly hasher: PasswordHasher,
    private readonly limiter: RateLimiter,
    private readonly uow: UnitOfWork,
    private readonly audit: AuthAudit,
    private readonly sessionChanges: UserSessionChanges,
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
  ) {}

  async onModuleInit(): Promise<void> {
    // the cached session state is auth's; org reports every change to what it holds
    this.sessionChanges.subscribe((userId) => this.sessions.forgetState(userId));
    this.dummyHash = await this.hasher.hash(randomBytes(16).toString('hex'));
  }

  async register(input: { email: string; password: string; fullName: string }): Promise<User> {
    if (!this.config.allowSelfRegistration) throw new ForbiddenError('Self-registration is disabled');
    // per email as well as per IP (the guard): attempts on one address from many addresses are limited too
    const state = await this.limiter.hit(
      `register:${emailFingerprint(input.email)}`,
      this.config.loginFailuresPerEmail,
      LOGIN_WINDOW_SECONDS,
    );
    if (!state.allowed) throw new RateLimitedError(state.resetSeconds);
    const user = await this.users.register({
      email: input.email,
      passwordHash: await this.hasher.hash(input.password),
      fullName: input.fullName.trim(),
      role: Role.END_USER,
    });
    if (!user) throw new ConflictError('An account with this email already exists');
    this.audit.record(AuthEvent.REGISTERED, { userId: user.id });
    return user;
  }

  /** Checks email + password. Unknown email and wrong password cost the same and fail the same way. */
  async verifyCredentials(email: string, password: string, ip?: string): Promise<UserCredentials> {
    const limitKey = `login-failures:${emailFingerprint(email)}`;
    const limit = this.config.loginFailuresPerEmail;
    // counted before the password is checked, so parallel guesses cannot all slip past the limit; a success resets it
    const state = await this.limiter.hit(limitKey, limit, LOGIN_WINDOW_SECONDS);
    if (!state.allowed) return this.verifyDuringLockout(email, password, ip, state.resetSeconds);
    const user = await this.users.findCredentialsByEmail(email);
    const matches = await this.hasher.verify(password, user?.passwordHash ?? this.dummyHash);
    if (!user || !matches || !user.isActive) {
      this.audit.record(AuthEvent.LOGIN_FAILED, {
        userId: user?.id,
        emailHash: emailFingerprint(email),
        ip,
        reason: !user ? 'unknown_email' : !matches ? 'wrong_password' : 'inactive',
      });
      throw new UnauthenticatedError(INVALID_LOGIN);
    }
    await this.limiter.reset(limitKey);
    return user;
  }

  /**
   * The account is locked out (RATE_LIMIT_LOGIN_FAILURES failures in 15 minutes, from anywhere): 429 for everyone,
   * except an ADMIN's correct password from an address that ADMIN logged in from successfully before, so a stranger
   * cannot lock the admins out. That address has a budget of failures of its own (it is no way around the limit for
   * guessing), and a wrong password from it is refused like any other attempt during the lockout: 429, nothing more.
   * The lockout stays on for everybody else.
   */
  private async verifyDuringLockout(
    email: string,
    password: string,
    ip: string | undefined,
    retryAfterSeconds: number,
  ): Promise<UserCredentials> {
    const refuse = (): never => {
      this.audit.record(AuthEvent.LOGIN_RATE_LIMITED, { emailHash: emailFingerprint(email), ip });
      throw new RateLimitedError(
        retryAfterSeconds,
        'Too many failed logins for this account, try again later',
      );
    };
    if (!ip) return refuse();
    const user = await this.users.findCredentialsByEmail(email);
    // asked for unknown emails too, so the answer takes as long whichever the account
    const known = await this.knownAddresses.isKnown(user?.id ?? 'nobody', ip);
    if (!user || !known || user.role !== Role.ADMIN || !user.isActive) return refuse();
    const addressKey = `login-failures:${emailFingerprint(email)}:${sha256(ip).slice(0, 32)}`;
    const own = await this.limiter.hit(addressKey, this.config.loginFailuresPerEmail, LOGIN_WINDOW_SECONDS);
    if (!own.allowed || !(await this.hasher.verify(password, user.passwordHash))) return refuse();
    await this.limiter.reset(addressKey);
    this.audit.record(AuthEvent.LOGIN_LOCKOUT_BYPASSED, { userId: user.id, ip });
    return user;
  }

  async startSession(user: UserCredentials, ip?: string): Promise<IssuedSession> {
    const session = await this.issue(user, randomUUID());
    // an ADMIN's address that worked once gets that ADMIN through a later lockout (see verifyDuringLockout)
    if (ip && user.role === Role.ADMIN) await this.knownAddresses.remember(user.id, ip);
    this.audit.record(AuthEvent.LOGIN_SUCCEEDED, { userId: user.id, ip });
    return session;
  }

  async refresh(refreshToken: string): Promise<IssuedSession> {
    const outcome = await this.uow.run(
      async (): Promise<IssuedSession | { refused: string; userId?: string; familyId?: string }> => {
        const stored = await this.refreshTokens.findByHash(sha256(refreshToken));
        if (!stored) return { refused: 'unknown' };
        const user = await this.users.findCredentialsById(stored.userId);
        const verdict = user ? judgeRefresh(stored, user, new Date()) : ({ kind: 'inactive' } as const);
        // Single use: of two racing refreshes only one marks the token used; the other looks exactly like reuse.
        const won = verdict.kind === 'rotate' && (await this.refreshTokens.markUsed(stored.id));
        if (!won || !user) {
          await this.refreshTokens.revokeFamily(stored.familyId);
          const refused = verdict.kind === 'rotate' ? 'reuse' : verdict.kind;
          return { refused, userId: stored.userId, familyId: stored.familyId };
        }
        return this.issue(user, stored.familyId);
      },
    );
    // Refusals commit too (the family stays revoked) and only then become errors.
    if ('refused' in outcome) {
      // A reused token means it was stolen (or the session raced itself): the access tokens already issued to that
      // family end now too, as at logout, instead of living out their remaining minutes.
      if (outcome.refused === 'reuse' && outcome.familyId)
        await this.sessions.denySession(outcome.familyId, this.tokens.accessTtlSeconds);
      const event = outcome.refused === 'reuse' ? AuthEvent.REFRESH_REUSE_DETECTED : AuthEvent.REFRESH_FAILED;
      this.audit.record(event, { userId: outcome.userId, reason: outcome.refused });
      throw new UnauthenticatedError(INVALID_REFRESH);
    }
    this.audit.record(AuthEvent.REFRESHED, { userId: outcome.user.id });
    return outcome;
  }

  async logout(caller: Actor, token: AccessToken, refreshToken?: string): Promise<void> {
    const { sessionId } = token;
    // PostgreSQL first: the refresh family dies even when Redis (the access-token denylist) is away
    await this.refreshTokens.revokeFamily(sessionId);
    const ended = [sessionId];
    if (refreshToken) {
      const stored = await this.refreshTokens.findByHash(sha256(refreshToken));
      if (stored && stored.userId === caller.id) {
        await this.refreshTokens.revokeFamily(stored.familyId);
        ended.push(stored.familyId);
      }
    }
    await this.sessions.denyAccessToken(token.jti, token.exp - Math.floor(Date.now() / 1000));
    // every access token issued to those sessions ends with them, not only the one presented
    for (const family of new Set(ended))
      await this.sessions.denySession(family, this.tokens.accessTtlSeconds);
    this.audit.record(AuthEvent.LOGGED_OUT, { userId: caller.id });
  }

  /** Changes the password, ends every other session and voids outstanding reset tokens; this session goes on. */
  async changePassword(caller: Actor, sessionId: string, current: string, next: string): Promise<void> {
    const user = await this.users.findCredentialsById(caller.id);
    if (!user || !(await this.hasher.verify(current, user.passwordHash))) {
      throw new ValidationFailedError('The current password is not correct', [
        { field: 'currentPassword', message: 'is not correct' },
      ]);
    }
    const hash = await this.hasher.hash(next);
    const generation = await this.uow.run(async () => {
      const next = await this.users.setPassword(caller.id, hash);
      await this.refreshTokens.keepOnlyFamily(caller.id, sessionId, next);
      await this.resetTokens.revokeAllForUser(caller.id);
      return next;
    });
    // best effort, outside the transaction: without Redis this access token ends too (its refresh token lives on)
    await this.sessions.carrySession(sessionId, generation, this.tokens.accessTtlSeconds);
    await this.sessions.forgetState(caller.id); // again after commit: nothing may re-cache the old state
    this.audit.record(AuthEvent.PASSWORD_CHANGED, { userId: caller.id });
  }

  async profile(userId: string): Promise<Profile> {
    const [user, state] = await Promise.all([
      this.users.findCredentialsById(userId),
      this.sessionState(userId),
    ]);
    if (!user || !state) throw new UnauthenticatedError();
    return { ...toUser(user), departmentId: state.departmentId, teamId: state.teamId };
  }

  /** An authenticated caller's profile: the placement is the one the guard has just read with the session. */
  async profileOf(caller: Actor): Promise<Profile> {
    const user = await this.users.findCredentialsById(caller.id);
    if (!user) throw new UnauthenticatedError();
    return { ...toUser(user), departmentId: caller.departmentId, teamId: caller.teamId };
  }

  /**
   * The session state behind an access token, or null when the token must no longer work. One Redis round trip
   * (denials, carried generation and the cached state together); PostgreSQL only when the state is not cached.
   */
  async validateAccess(claims: {
    sub: string;
    jti: string;
    gen: number;
    sid: string;
  }): Promise<SessionState | null> {
    const snapshot = await this.sessions.snapshot(claims.jti, claims.sid, claims.sub);
    if (snapshot.denied) return null;
    const state = snapshot.state ?? (await this.loadSessionState(claims.sub, snapshot.stateVersion));
    if (!state || !state.isActive) return null;
    if (state.tokenGeneration === claims.gen) return state;
    return snapshot.carriedGeneration === state.tokenGeneration ? state : null;
  }

  /** A user's session state: cached, else read from the org module and cached. */
  async sessionState(userId: string): Promise<SessionState | null> {
    const cached = await this.sessions.cachedState(userId);
    return cached.state ?? this.loadSessionState(userId, cached.stateVersion);
  }

  private async loadSessionState(userId: string, seenVersion: string | null): Promise<SessionState | null> {
    const state = await this.users.sessionState(userId);
    if (state) await this.sessions.cacheState(state, seenVersion);
    return state;
  }

  private async issue(user: UserCredentials, familyId: string): Promise<IssuedSession> {
    const refresh = this.tokens.newRefreshToken();
    await this.refreshTokens.insert({
      userId: user.id,
      familyId,
      tokenHash: refresh.hash,
      generation: user.tokenGeneration,
      expiresAt: new Date(Date.now() + this.tokens.refreshTtlMs),
    });
    return {
      accessToken: this.tokens.signAccess({
        sub: user.id,
        role: user.role,
        gen: user.tokenGeneration,
        sid: familyId,
      }),
      refreshToken: refresh.token,
      tokenType: 'Bearer',
      expiresIn: this.tokens.accessTtlSeconds,
      user: toUser(user),
    };
  }
}
