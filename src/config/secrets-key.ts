import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A key that encrypts stored secrets (AES-256-GCM), with the id written beside each value it encrypts. */
export interface SecretsKey {
  id: string;
  key: Buffer;
}

/** 32 bytes, base64 (standard or URL-safe); null for anything else. */
export function decodeSecretsKey(value: string): Buffer | null {
  const trimmed = value.trim();
  if (!/^[A-Za-z0-9+/_-]{42,44}={0,2}$/.test(trimmed)) return null;
  const key = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return key.length === 32 ? key : null;
}

/** Derived from the key, so it names the key without revealing it. */
export const secretsKeyId = (key: Buffer): string =>
  createHash('sha256').update('helpdesk-secrets-key:').update(key).digest('hex').slice(0, 8);

export const secretsKeyOf = (key: Buffer): SecretsKey => ({ id: secretsKeyId(key), key });

/**
 * Outside production, without SECRETS_KEY: a key generated once and kept in DATA_DIR (default .data), so stored
 * secrets stay readable across restarts of a local instance.
 */
export function localSecretsKey(dataDir = process.env.DATA_DIR ?? '.data'): Buffer {
  const file = join(dataDir, 'secrets-key');
  if (existsSync(file)) {
    const key = decodeSecretsKey(readFileSync(file, 'utf8'));
    if (!key) throw new Error(`${file} does not hold a 32-byte base64 key`);
    return key;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  try {
    writeFileSync(file, key.toString('base64'), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return localSecretsKey(dataDir); // another process won
    throw err;
  }
  return key;
}
