import { Writable } from 'node:stream';
import Fastify, { FastifyInstance } from 'fastify';
import pino from 'pino';
import { currentRequestContext } from '../../common/request-context';
import { useRequestLogging } from './request-logging';

/** A real Fastify instance and a real pino logger writing JSON lines into memory. */
async function serverLoggingAt(
  level: string,
): Promise<{ app: FastifyInstance; lines: () => Array<Record<string, unknown>> }> {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = pino(
    {
      level,
      mixin: () => {
        const ctx = currentRequestContext();
        return ctx ? { requestId: ctx.requestId } : {};
      },
    },
    sink,
  );
  const app = Fastify({ genReqId: () => 'req-0123456789' });
  useRequestLogging(app, logger);
  app.get('/health/live', () => ({ status: 'ok' }));
  app.get('/things/:id', () => ({ ok: true }));
  app.post('/things', (request) => {
    logger.warn({ seen: (request.body as { name: string }).name }, 'inside the handler');
    return { context: currentRequestContext() ?? null };
  });
  app.get('/boom', () => {
    throw new Error('boom');
  });
  await app.ready();
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { app, lines };
}

describe('useRequestLogging', () => {
  it('logs one line per request with method, route, masked URL, status, duration and request id', async () => {
    const { app, lines } = await serverLoggingAt('info');
    await app.inject({
      method: 'GET',
      url: '/things/42?token=s3cret-value&x=1',
      headers: { authorization: 'Bearer top-secret-token', cookie: 'sid=cookie-secret' },
    });
    await app.close();
    const [line] = lines();
    expect(line).toMatchObject({
      level: 30,
      requestId: 'req-0123456789',
      route: '/things/:id',
      req: { method: 'GET', url: '/things/42?token=[REDACTED]&x=1' },
      res: { statusCode: 200 },
      ms: expect.any(Number),
      msg: 'GET /things/:id 200',
    });
    const text = JSON.stringify(lines());
    for (const secret of ['s3cret-value', 'top-secret-token', 'cookie-secret'])
      expect(text).not.toContain(secret);
  });

  it('logs probes at debug, client errors at warn and server errors at error', async () => {
    const { app, lines } = await serverLoggingAt('debug');
    await app.inject({ method: 'GET', url: '/health/live' });
    await app.inject({ method: 'GET', url: '/nowhere' });
    await app.inject({ method: 'GET', url: '/boom' });
    await app.close();
    expect(lines().map((l) => [l.msg, l.level])).toEqual([
      ['GET /health/live 200', 20],
      ['GET /nowhere 404', 40],
      ['GET /boom 500', 50],
    ]);
  });

  it('writes nothing for a request whose level is disabled', async () => {
    const { app, lines } = await serverLoggingAt('warn');
    await app.inject({ method: 'GET', url: '/things/1' });
    await app.inject({ method: 'GET', url: '/health/live' });
    await app.close();
    expect(lines()).toEqual([]);
  });

  it('makes the request current for the handler, a parsed body included, so its own lines name the request', async () => {
    const { app, lines } = await serverLoggingAt('warn');
    const response = await app.inject({ method: 'POST', url: '/things', payload: { name: 'printer' } });
    await app.close();
    expect(response.json()).toEqual({ context: { requestId: 'req-0123456789', actorId: null } });
    expect(lines()[0]).toMatchObject({
      msg: 'inside the handler',
      seen: 'printer',
      requestId: 'req-0123456789',
    });
  });
});
