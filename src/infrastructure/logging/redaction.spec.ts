import { redactUrl } from './redaction';

describe('redactUrl', () => {
  it('hides the values of token query parameters and keeps the rest', () => {
    expect(redactUrl('/api/v1/events/stream?token=abc.def&x=1')).toBe(
      '/api/v1/events/stream?token=[REDACTED]&x=1',
    );
    expect(redactUrl('/a?x=1&access_token=secret#f')).toBe('/a?x=1&access_token=[REDACTED]#f');
    expect(redactUrl('/api/v1/tickets?mytoken=1')).toBe('/api/v1/tickets?mytoken=1');
    expect(redactUrl(undefined)).toBeUndefined();
    expect(redactUrl('/api/v1/tickets')).toBe('/api/v1/tickets');
    expect(redactUrl('/a?token')).toBe('/a?token');
  });

  it('compares names decoded, as the query parser reads them', () => {
    expect(redactUrl('/api/v1/events/stream?%74oken=abc.def&x=1')).toBe(
      '/api/v1/events/stream?%74oken=[REDACTED]&x=1',
    );
    expect(redactUrl('/a?x=1&access%5Ftoken=s1&REFRESH_TOKEN=s2&tok%65n=s3')).toBe(
      '/a?x=1&access%5Ftoken=[REDACTED]&REFRESH_TOKEN=[REDACTED]&tok%65n=[REDACTED]',
    );
    expect(redactUrl('/a?%74oken=s#%74oken=f')).toBe('/a?%74oken=[REDACTED]#%74oken=f');
    expect(redactUrl('/a?to%6ben=s&%zz=1')).toBe('/a?to%6ben=[REDACTED]&%zz=1');
    expect(redactUrl('/a?x%74oken=1&token%20=2')).toBe('/a?x%74oken=1&token%20=2');
  });
});
