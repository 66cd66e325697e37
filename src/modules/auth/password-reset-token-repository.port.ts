export abstract class PasswordResetTokenRepository {
  /**
   * Stores a new token for the user and invalidates every older one still outstanding, so a user holds at most one
   * live token (the newest request wins). Runs in the caller's transaction.
   */
  abstract replace(userId: string, tokenHash: string, expiresAt: Date): Promise<void>;
  /** Uses the token once: returns its user when it was unused and unexpired, else null. */
  abstract consume(tokenHash: string, now: Date): Promise<string | null>;
  /** Invalidates every outstanding token of the user (after a reset or a password change). */
  abstract revokeAllForUser(userId: string): Promise<void>;
}
