import { randomBytes } from 'node:crypto';
import { secretsKeyOf } from '../../config/secrets-key';
import { AesGcmSecretCipher, decryptSecret, encryptSecret, keyIdOf } from './aes-gcm-secret-cipher';

const oldKey = secretsKeyOf(randomBytes(32));
const newKey = secretsKeyOf(randomBytes(32));

describe('AES-256-GCM secrets', () => {
  it('round-trips, with a fresh IV each time and the key id beside the value', () => {
    const a = encryptSecret('hunter2-imap-password', 'mailboxes.password', newKey);
    const b = encryptSecret('hunter2-imap-password', 'mailboxes.password', newKey);
    expect(a).not.toBe(b);
    expect(a).not.toContain('hunter2');
    expect(keyIdOf(a)).toBe(newKey.id);
    expect(decryptSecret(a, 'mailboxes.password', [newKey])).toBe('hunter2-imap-password');
  });

  it('refuses altered values, another purpose, unknown keys and plain text', () => {
    const stored = encryptSecret('s3cret', 'webhooks.secret', newKey);
    const parts = stored.split('.');
    const flipped = Buffer.from(parts[3], 'base64url');
    flipped[0] ^= 1;
    parts[3] = flipped.toString('base64url');
    expect(() => decryptSecret(parts.join('.'), 'webhooks.secret', [newKey])).toThrow('cannot be decrypted');
    expect(() => decryptSecret(stored, 'mailboxes.password', [newKey])).toThrow('cannot be decrypted');
    expect(() => decryptSecret(stored, 'webhooks.secret', [oldKey])).toThrow('neither SECRETS_KEY');
    expect(() => decryptSecret('s3cret', 'webhooks.secret', [newKey])).toThrow('not an encrypted value');
  });

  it('reads values of the previous key and tells them apart for rotation', () => {
    const cipher = new AesGcmSecretCipher({ current: newKey, previous: oldKey });
    const before = encryptSecret('rotate me', 'webhooks.secret', oldKey);
    expect(cipher.needsRotation(before)).toBe(true);
    expect(cipher.decrypt(before, 'webhooks.secret')).toBe('rotate me');
    const after = cipher.encrypt(cipher.decrypt(before, 'webhooks.secret'), 'webhooks.secret');
    expect(cipher.needsRotation(after)).toBe(false);
    expect(() =>
      new AesGcmSecretCipher({ current: newKey, previous: null }).decrypt(before, 'webhooks.secret'),
    ).toThrow();
  });
});
