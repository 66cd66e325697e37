import { connect } from 'node:net';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Public } from '../src/common/auth/public.decorator';
import { ShutdownState } from '../src/infrastructure/health/shutdown-state';
import request from 'supertest';
import { startTestApp } from './support/app';

/** Writes raw bytes to the server and reads the whole answer (the server closes the connection after it). */
function raw(port: number, bytes: string): Promise<{ status: number; headers: string; body: any }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let answer = '';
    socket.on('data', (c: Buffer) => (answer += c.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head, body] = answer.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), headers: head.toLowerCase(), body: JSON.parse(body) });
    });
    socket.end(bytes);
  });
}

/** A route that answers only when the test lets it, to keep a connection busy while the application closes. */
let release: (() => void) | undefined;
@Controller('test-hold')
class HoldController {
  @Get()
  @Public()
  async hold(): Promise<{ held: true }> {
    await new Promise<void>((resolve) => (release = resolve));
    return { held: true };
  }
}
@Module({ controllers: [HoldController] })
class HoldModule {}

const until = async (done: () => boolean): Promise<void> => {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!done()) throw new Error('timed out');
};

describe('edges: CORS, X-Request-Id, errors raised before routing (e2e)', () => {
  let app: NestFastifyApplication;
  let plain: NestFastifyApplication;
  let port: number;
  const origin = 'https://app.example.test';

  beforeAll(async () => {
    app = await startTestApp({ env: { CORS_ORIGINS: `${origin}, https://admin.example.test` } });
    plain = await startTestApp();
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.getHttpServer().address() as { port: number }).port;
  });
  afterAll(async () => {
    await app?.close();
    await plain?.close();
  });

  it('answers an over-long URL with 414 in the envelope, with its request id', async () => {
    const res = await raw(port, `GET /api/v1/tickets?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(res.status).toBe(414);
    expect(res.body).toMatchObject({
      success: false,
      error: { code: 'VALIDATION_ERROR', message: 'The URL is too long' },
    });
    expect(res.headers).toContain(`x-request-id: ${res.body.meta.requestId}`);
  });

  it('answers over-large headers with 431 in the envelope', async () => {
    const res = await raw(
      port,
      `GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`,
    );
    expect(res.status).toBe(431);
    expect(res.body.error).toEqual({
      code: 'VALIDATION_ERROR',
      message: 'The request headers are too large',
    });
    expect(res.headers).toContain('content-type: application/json');
  });

  it('answers a request Node cannot parse with 400 in the envelope', async () => {
    const res = await raw(port, 'NOT HTTP AT ALL\r\n\r\n');
    expect(res.status).toBe(400);
    expect(res.body.success).toBe(false);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
  });

  it('lets listed origins call the API from a browser, and no other', async () => {
    const preflight = await request(app.getHttpServer())
      .options('/api/v1/tickets')
      .set('Origin', origin)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type,idempotency-key');
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers['access-control-allow-origin']).toBe(origin);
    expect(preflight.headers['access-control-allow-methods']).toContain('POST');

    const get = await request(app.getHttpServer()).get('/health/live').set('Origin', origin).expect(200);
    expect(get.headers['access-control-allow-origin']).toBe(origin);
    expect(get.headers['access-control-expose-headers']).toContain('X-Request-Id');

    const stranger = await request(app.getHttpServer())
      .get('/health/live')
      .set('Origin', 'https://evil.example.test');
    expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
    const unconfigured = await request(plain.getHttpServer()).get('/health/live').set('Origin', origin);
    expect(unconfigured.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('keeps a client X-Request-Id of 8-128 safe characters (ingress ids too), replaces anything else', async () => {
    const ingress = '0af7651916cd43dd8448eb211c80319c';
    const kept = await request(plain.getHttpServer())
      .get('/health/live')
      .set('X-Request-Id', ingress)
      .expect(200);
    expect(kept.headers['x-request-id']).toBe(ingress);
    const env = await request(plain.getHttpServer())
      .get('/api/v1/nowhere')
      .set('X-Request-Id', ingress)
      .expect(404);
    expect(env.body.meta.requestId).toBe(ingress);
    for (const bad of ['short', 'x'.repeat(129), 'has space inside', 'semi;colon-id']) {
      const res = await request(plain.getHttpServer())
        .get('/health/live')
        .set('X-Request-Id', bad)
        .expect(200);
      expect(res.headers['x-request-id']).not.toBe(bad);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('refuses a request that reaches a closing application on a kept-alive connection: 503 in the envelope', async () => {
    const closing = await startTestApp({ imports: [HoldModule] });
    await closing.listen({ port: 0, host: '127.0.0.1' });
    const socket = connect({
      host: '127.0.0.1',
      port: (closing.getHttpServer().address() as { port: number }).port,
    });
    let answer = '';
    socket.on('data', (c: Buffer) => (answer += c.toString('utf8')));
    const ended = new Promise((resolve) => socket.on('close', resolve));
    socket.write('GET /api/v1/test-hold HTTP/1.1\r\nHost: x\r\n\r\n');
    await until(() => release !== undefined);
    // what SIGTERM does after the drain; the held request keeps the connection open meanwhile
    const closed = closing.close();
    await until(() => closing.get(ShutdownState).closing);
    socket.write('GET /health/live HTTP/1.1\r\nHost: x\r\nX-Request-Id: closing-check-0001\r\n\r\n');
    // its answer waits behind the held one's (HTTP/1.1 answers in order); the request in flight still finishes
    await new Promise((r) => setTimeout(r, 100));
    release!();
    await Promise.all([closed, ended]);
    const [held, refused] = answer.split(/(?=HTTP\/1\.1 \d{3} )/);
    expect(held).toMatch(/^HTTP\/1\.1 200 /);
    expect(refused).toMatch(/^HTTP\/1\.1 503 /);
    expect(refused.toLowerCase()).toContain('connection: close');
    expect(JSON.parse(refused.slice(refused.indexOf('\r\n\r\n') + 4))).toMatchObject({
      success: false,
      error: { code: 'SERVICE_UNAVAILABLE' },
      meta: { requestId: 'closing-check-0001' },
    });
  });
});
