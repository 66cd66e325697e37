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
    expect(describeImapError(new Error('login with s3cr3t failed'), 's3cr3t')).toBe('The connection failed');
    expect(describeImapError(undefined)).toBe('The connection failed');
  });

  it('with a one-letter password: the fixed messages intact, the server words left out only when they hold it', () => {
    expect(describeImapError({ code: 'ECONNREFUSED' }, 'p')).toBe(
      'Connection refused: nothing listens on that host and port',
    );
    expect(
      describeImapError({ authenticationFailed: true, responseText: 'Authentication failed.' }, 'a'),
    ).toBe('Login refused by the server');
    expect(
      describeImapError({ authenticationFailed: true, responseText: 'Authentication failed.' }, 'z'),
    ).toBe('Login refused by the server: Authentication failed.');
    expect(describeImapError({ responseText: 'NO [ALERT] bad login p' }, 'p')).toBe('The connection failed');
    expect(describeImapError(new Error('Unexpected close'), 'q')).toBe('Unexpected close');
  });
});
