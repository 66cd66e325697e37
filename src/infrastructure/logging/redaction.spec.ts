import { redactUrl } from './redaction';

describe('redactUrl', () => {
  it('hides the values of token query parameters and keeps the rest', () => {
    expect(redactUrl('/api/v1/events/stream?token=abc.def&x=1')).toBe(
      '/api/v1/events/stream?token=[REDACTED]&x=1',
    );
    expect(redactUrl('/a?x=1&access_token=secret#f')).toBe('/a?x=1&access_token=[REDACTED]#f');
    expect(redactUrl('/api/v1/tickets?mytoken=1')).toBe('/api/v1/tickets?mytoken=1');
    expect(redactUrl(undefined)).toBeUndefined();
  });
});
