import helmet from '@fastify/helmet';
import Fastify from 'fastify';
import { helmetHeaders, useSecurityHeaders } from './security-headers';

const OPTIONS = { contentSecurityPolicy: false, crossOriginEmbedderPolicy: false } as const;
const BASE = ['content-type', 'content-length', 'date', 'connection'];

describe('helmet headers set once', () => {
  it('are exactly the headers @fastify/helmet itself sets with the same options', async () => {
    const reference = Fastify();
    await reference.register(helmet, OPTIONS);
    reference.get('/x', () => ({ ok: true }));
    const expected = (await reference.inject({ method: 'GET', url: '/x' })).headers;
    await reference.close();

    const fixed = await helmetHeaders(OPTIONS);
    expect(fixed).toEqual(
      Object.fromEntries(Object.entries(expected).filter(([name]) => !BASE.includes(name))),
    );
    expect(fixed).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'strict-transport-security': expect.stringMatching(/^max-age=\d+/),
    });
    expect(fixed).not.toHaveProperty('content-security-policy');
    expect(fixed).not.toHaveProperty('cross-origin-embedder-policy');
  });

  it('go on every response, errors included, with the Content-Security-Policy', async () => {
    const app = Fastify();
    useSecurityHeaders(app, '/api/docs', await helmetHeaders(OPTIONS));
    app.get('/ok', () => ({ ok: true }));
    await app.ready();
    for (const url of ['/ok', '/missing']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    }
    await app.close();
  });
});
