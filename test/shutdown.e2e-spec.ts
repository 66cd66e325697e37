import { request as httpRequest } from 'node:http';
import request from 'supertest';
import { freePort } from '../src/infrastructure/embedded/free-port';
import { productionEnv, ServiceProcess } from './support/process';

const DRAIN_MS = 3000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A login whose body arrives in two halves `gapMs` apart, so the request is in flight across that gap. */
function slowLogin(port: number, gapMs: number): Promise<number> {
  const body = JSON.stringify({ email: 'nobody@example.test', password: 'not-the-password' });
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: '/api/v1/auth/login',
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.write(body.slice(0, 10));
    setTimeout(() => req.end(body.slice(10)), gapMs);
  });
}

/** SIGTERM on the built api (`node dist/main.js`): drain, then close, finishing what is in flight, exit 0. */
describe('graceful shutdown with a drain period (process)', () => {
  it('answers readiness 503 for SHUTDOWN_DRAIN_MS while serving, then stops accepting, finishes in-flight work, exits 0', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const service = new ServiceProcess(
      productionEnv('drain', {
        PORT: String(port),
        WORKER_IN_PROCESS: 'true',
        BCRYPT_COST: '4',
        SHUTDOWN_DRAIN_MS: String(DRAIN_MS),
      }),
    ).start();
    try {
      await service.waitForOutput(/Helpdesk API on/, 90_000);
      await request(base).get('/health/ready').expect(200);

      const signalled = Date.now();
      service.signal('SIGTERM');
      await service.waitForOutput(/SIGTERM received/);
      const ready = await request(base).get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.status).toBe('shutting_down');
      // still serving everything else while the load balancer lets go
      await request(base).get('/health/live').expect(200);
      await request(base).get('/api/v1/auth/me').expect(401);

      // a request that is still arriving when the drain ends and the server closes gets its answer
      const sinceSignal = Date.now() - signalled;
      const inFlight = slowLogin(port, DRAIN_MS - sinceSignal + 1000);
      await sleep(Math.max(0, DRAIN_MS - (Date.now() - signalled)) + 400);
      expect(await inFlight).toBe(401);

      const code = await service.exited(60_000);
      const tookMs = Date.now() - signalled;
      expect(code).toBe(0);
      expect(tookMs).toBeGreaterThanOrEqual(DRAIN_MS);
      await expect(request(base).get('/health/live')).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      await service.stop();
    }
  }, 150_000);
});
