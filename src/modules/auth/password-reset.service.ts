import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { safeError } from '../../infrastructure/logging/safe-error';
import { ConfigType } from '@nestjs/config';
import { ValidationFailedError } from '../../common/errors/domain-errors';
import { EventType } from '../../common/events/domain-event';
import { EventPublisher } from '../../common/events/event-publisher';
import { RateLimiter } from '../../common/rate-limit/rate-limiter';
import { PasswordHasher } from '../../common/security/password-hasher';
import { UnitOfWork } from '../../common/unit-of-work';
import { authConfig } from '../../config/configuration';
import { UserDirectory } from '../org/user-directory.port';
import { AuthAudit } from './auth-audit';
import { emailFingerprint } from './domain/login-identity';
import { AuthEvent } from './domain/auth-event';
import { PasswordResetTokenRepository } from './password-reset-token-repository.port';
import { RefreshTokenRepository } from './refresh-token-repository.port';
import { SessionStore } from './session-store.port';
import { sha256 } from './token.service';
import { PasswordSetup } from './password-setup.port';

export const RESET_TOKEN_TTL_MS = 30 * 60 * 1000;
const FORGOT_WINDOW_SECONDS = 60 * 60;

@Injectable()
export class PasswordResetService extends PasswordSetup {
  private readonly logger = new Logger(PasswordResetService.name);
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly users: UserDirectory,
    private readonly resetTokens: PasswordResetTokenRepository,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly hasher: PasswordHasher,
    private readonly events: EventPublisher,
    private readonly limiter: RateLimiter,
    private readonly uow: UnitOfWork,
    private readonly audit: AuthAudit,
    private readonly sessions: SessionStore,
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
  ) {
    super();
  }

  /**
   * Accepts a reset request and returns at once; the lookup, token and mail happen afterwards, so the answer takes
   * the same time whether the address is known or not. At most `RATE_LIMIT_FORGOT_PER_HOUR` requests an hour per
   * address go on to a mail; the rest are accepted just the same (same answer, same time) and send nothing, so the
   * limit neither tells anything about the address nor lets anyone flood its mailbox.
   */
  async requestReset(email: string): Promise<void> {
    const emailHash = emailFingerprint(email);
    const state = await this.limiter.hit(
      `forgot:${emailHash}`,
      this.config.resetMailsPerEmailPerHour,
      FORGOT_WINDOW_SECONDS,
    );
    if (!state.allowed) {
      this.audit.record(AuthEvent.PASSWORD_RESET_REQUESTED, { emailHash, reason: 'per_email_limit' });
      return;
    }
    const work = this.sendResetMail(email)
      .catch((err: unknown) => this.logger.error({ err: safeError(err) }, 'password reset request failed'))
      .finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  /** For graceful shutdown and tests: resolves when every accepted request has been handled. */
  async drain(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }

  private async sendResetMail(email: string): Promise<void> {
    const user = await this.users.findCredentialsByEmail(email);
    if (!user || !user.isActive) {
      this.audit.record(AuthEvent.PASSWORD_RESET_REQUESTED, {
        emailHash: emailFingerprint(email),
        reason: 'no_account',
      });
      return;
    }
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + RESET_TOKEN_TTL_MS);
    // The token and its mail event commit together (transactional outbox): a stored token is never without its
    // mail. The notifications worker mails it and then removes the token from the stored event. A new request
    // invalidates every token mailed before it.
    await this.uow.run(async () => {
      await this.resetTokens.replace(user.id, sha256(token), expiresAt);
      await this.events.publish({
        type: EventType.PASSWORD_RESET_REQUESTED,
        aggregateId: user.id,
        actorId: null,
        data: { userId: user.id, token, expiresAt: expiresAt.toISOString() },
      });
    });
    this.audit.record(AuthEvent.PASSWORD_RESET_REQUESTED, { userId: user.id });
  }

  /**
   * A single-use token that sets the password of an account made for someone (a guest's), valid `validForMs`, for
   * `POST /auth/password/reset`. Written in the caller's transaction; only its hash is stored. Like a reset request,
   * it invalidates the user's older tokens.
   */
  async issueSetupToken(userId: string, validForMs: number): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + validForMs);
    await this.resetTokens.replace(userId, sha256(token), expiresAt);
    return { token, expiresAt };
  }

  /** Sets a new password with a single-use token, ends every session of that user and voids their other tokens. */
  async reset(token: string, newPassword: string): Promise<void> {
    const hash = await this.hasher.hash(newPassword);
    const userId = await this.uow.run(async () => {
      const owner = await this.resetTokens.consume(sha256(token), new Date());
      if (!owner) return null;
      await this.users.setPassword(owner, hash);
      await this.resetTokens.revokeAllForUser(owner);
      await this.refreshTokens.revokeAllForUser(owner);
      return owner;
    });
    if (!userId) {
      this.audit.record(AuthEvent.PASSWORD_RESET_FAILED, { reason: 'invalid_token' });
      throw new ValidationFailedError('The reset token is invalid, used or expired', [
        { field: 'token', message: 'is invalid, used or expired' },
      ]);
    }
    await this.sessions.forgetState(userId); // after commit, so no request re-caches the old state
    this.audit.record(AuthEvent.PASSWORD_RESET_COMPLETED, { userId });
  }
}
