import { checkWebhookUrl } from './webhook-url';

describe('checkWebhookUrl', () => {
  it.each([
    'https://hooks.example.com/helpdesk',
    'http://example.com:8080/in?x=1',
    'https://8.8.8.8/hook',
    'https://[2606:4700:4700::1111]/hook',
  ])('accepts %s', (url) => {
    expect(checkWebhookUrl(url, false)).toEqual({ ok: true, url: new URL(url).toString() });
  });

  it.each([
    ['http://127.0.0.1/', 'loopback'],
    ['http://127.1/', 'loopback, shorthand'],
    ['http://2130706433/', 'loopback as a number'],
    ['http://0x7f000001/', 'loopback in hex'],
    ['http://169.254.169.254/latest/meta-data', 'cloud metadata'],
    ['http://10.0.0.5/', 'RFC 1918'],
    ['http://192.168.1.10:8080/', 'RFC 1918'],
    ['http://172.20.0.1/', 'RFC 1918'],
    ['http://0.0.0.0:3000/', 'unspecified'],
    ['http://[::1]/', 'IPv6 loopback'],
    ['http://[::ffff:127.0.0.1]/', 'IPv4-mapped loopback'],
    ['http://[fd00::1]/', 'unique local'],
    ['http://[fe80::1]/', 'IPv6 link-local'],
  ])('refuses %s (%s)', (url) => {
    const check = checkWebhookUrl(url, false);
    expect(check.ok).toBe(false);
  });

  it('allows private targets when WEBHOOK_ALLOW_PRIVATE=true', () => {
    expect(checkWebhookUrl('http://127.0.0.1:9999/hook', true).ok).toBe(true);
  });

  it.each([
    ['ftp://example.com/', 'must use http or https'],
    ['file:///etc/passwd', 'must use http or https'],
    ['not a url', 'must be an absolute http or https URL'],
    ['https://user:pass@example.com/', 'must not carry credentials'],
  ])('refuses %s even when private targets are allowed', (url, reason) => {
    expect(checkWebhookUrl(url, true)).toEqual({ ok: false, reason });
  });

  it('leaves names to the check at delivery time', () => {
    expect(checkWebhookUrl('http://localhost:8080/', false).ok).toBe(true);
  });
});
