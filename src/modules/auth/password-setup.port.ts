/** Passwords for accounts made on someone's behalf (a guest's): what other modules may ask of auth. */
export abstract class PasswordSetup {
  /**
   * A single-use token that sets the password of the account, valid `validForMs`, for `POST /auth/password/reset`.
   * Written in the caller's transaction; only its hash is stored.
   */
  abstract issueSetupToken(userId: string, validForMs: number): Promise<{ token: string; expiresAt: Date }>;
}
