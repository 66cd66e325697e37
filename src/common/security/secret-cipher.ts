/**
 * Encrypts secrets that are stored (mailbox passwords, webhook signing secrets) and must be read back. `purpose`
 * binds a value to where it is stored, so one cannot be copied into another column and decrypted there. The
 * implementation (AES-256-GCM under SECRETS_KEY) lives in infrastructure/security.
 */
export abstract class SecretCipher {
  abstract encrypt(plain: string, purpose: string): string;
  /** throws when the value was not encrypted by the current or the previous key, or was altered */
  abstract decrypt(stored: string, purpose: string): string;
  /** true when the value is not yet under the current key (`npm run secrets:rotate` re-encrypts those) */
  abstract needsRotation(stored: string): boolean;
}
