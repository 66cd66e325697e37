export abstract class PasswordResetTokenRepository {
  abstract insert(userId: string, tokenHash: string, expiresAt: Date): Promise<void>;
  /** Uses the token once: returns its user when it was unused and unexpired, else null. */
  abstract consume(tokenHash: string, now: Date): Promise<string | null>;
}
