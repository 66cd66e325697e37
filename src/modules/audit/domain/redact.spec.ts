import { REDACTED, redactSecrets } from './redact';

describe('redactSecrets', () => {
  it('hides passwords, hashes, tokens and secrets at any depth, keeps the rest', () => {
    const out = redactSecrets({
      email: 'a@example.com',
      password: 'hunter22hunter',
      passwordHash: '$2b$12$abc',
      profile: { refreshToken: 'r', nested: [{ secret: 's', url: 'https://x' }] },
      webhookSecret: 'w',
      apiKey: 'k',
    });
    expect(out).toEqual({
      email: 'a@example.com',
      password: REDACTED,
      passwordHash: REDACTED,
      profile: { refreshToken: REDACTED, nested: [{ secret: REDACTED, url: 'https://x' }] },
      webhookSecret: REDACTED,
      apiKey: REDACTED,
    });
  });

  it('keeps flags that only say whether a secret is set', () => {
    expect(redactSecrets({ passwordSet: true, secret: null })).toEqual({ passwordSet: true, secret: null });
  });

  it('stores dates as ISO strings and drops undefined fields', () => {
    const at = new Date('2026-01-02T03:04:05.000Z');
    expect(redactSecrets({ at, gone: undefined })).toEqual({ at: '2026-01-02T03:04:05.000Z' });
    expect(redactSecrets(undefined)).toBeNull();
  });
});
