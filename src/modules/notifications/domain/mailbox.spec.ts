import { describeImapError, reconnectDelayMs } from './mailbox';

describe('mailbox domain', () => {
  it('backs off from 2 s, doubling, up to 5 minutes', () => {
    expect([1, 2, 3, 4].map(reconnectDelayMs)).toEqual([2000, 4000, 8000, 16000]);
    expect(reconnectDelayMs(50)).toBe(300_000);
  });

  it('says what went wrong in words, never with the password', () => {
    expect(
      describeImapError({ authenticationFailed: true, responseText: 'Authentication failed.' }, 'pw'),
    ).toBe('Login refused by the server: Authentication failed.');
    expect(describeImapError({ code: 'ECONNREFUSED' })).toMatch(/Connection refused/);
    expect(describeImapError({ code: 'ENOTFOUND' })).toMatch(/does not resolve/);
    expect(describeImapError({ mailboxMissing: true, responseText: "Mailbox doesn't exist: X" })).toMatch(
      /^The folder does not exist/,
    );
    expect(describeImapError(new Error('login with s3cr3t failed'), 's3cr3t')).toBe(
      'login with ******** failed',
    );
    expect(describeImapError(undefined)).toBe('The connection failed');
  });
});
