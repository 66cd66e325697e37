import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { SecretCipher } from '../../common/security/secret-cipher';
import { secretsConfig } from '../../config/configuration';
import type { SecretsKey } from '../../config/secrets-key';
import { Implements } from '../../common/di/implements';

const VERSION = 'v1';
const b64 = (b: Buffer): string => b.toString('base64url');

/**
 * `v1.<key id>.<iv>.<ciphertext>.<tag>` (base64url parts): AES-256-GCM with a random 96-bit IV per value and the
 * purpose as additional data. The key id says which key to decrypt with, so SECRETS_KEY can be rotated: values under
 * SECRETS_KEY_PREVIOUS are still read until they are re-encrypted.
 */
export function encryptSecret(plain: string, purpose: string, key: SecretsKey): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(Buffer.from(purpose, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, key.id, b64(iv), b64(body), b64(cipher.getAuthTag())].join('.');
}

export class SecretDecryptionError extends Error {
  constructor(reason: string) {
    super(`A stored secret cannot be decrypted: ${reason}`);
    this.name = 'SecretDecryptionError';
  }
}

export function keyIdOf(stored: string): string | null {
  const parts = stored.split('.');
  return parts.length === 5 && parts[0] === VERSION ? parts[1] : null;
}

export function decryptSecret(stored: string, purpose: string, keys: readonly SecretsKey[]): string {
  const parts = stored.split('.');
  if (parts.length !== 5 || parts[0] !== VERSION) throw new SecretDecryptionError('not an encrypted value');
  const key = keys.find((k) => k.id === parts[1]);
  if (!key)
    throw new SecretDecryptionError(`key ${parts[1]} is neither SECRETS_KEY nor SECRETS_KEY_PREVIOUS`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(parts[2], 'base64url'));
    decipher.setAAD(Buffer.from(purpose, 'utf8'));
    decipher.setAuthTag(Buffer.from(parts[4], 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(parts[3], 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new SecretDecryptionError('it was altered, or stored for another purpose');
  }
}

@Implements(SecretCipher)
export class AesGcmSecretCipher extends SecretCipher {
  private readonly keys: SecretsKey[];

  constructor(@Inject(secretsConfig.KEY) private readonly config: ConfigType<typeof secretsConfig>) {
    super();
    this.keys = [config.current, ...(config.previous ? [config.previous] : [])];
  }

  encrypt(plain: string, purpose: string): string {
    return encryptSecret(plain, purpose, this.config.current);
  }

  decrypt(stored: string, purpose: string): string {
    return decryptSecret(stored, purpose, this.keys);
  }

  needsRotation(stored: string): boolean {
    return keyIdOf(stored) !== this.config.current.id;
  }
}
