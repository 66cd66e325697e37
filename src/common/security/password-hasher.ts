/** Hashes and verifies passwords; the implementation (bcrypt) lives in infrastructure/security. */
export abstract class PasswordHasher {
  abstract hash(plain: string): Promise<string>;
  abstract verify(plain: string, hash: string): Promise<boolean>;
}
