import { AddressInfo } from 'node:net';
import http, { OutgoingHttpHeaders } from 'node:http';
import { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Listens on an ephemeral loopback port (for clients that need one, not supertest) and returns it. */
export async function listen(app: NestFastifyApplication): Promise<number> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.getHttpServer().address() as AddressInfo).port;
}

export interface TimedResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
  /** from the start of the request to the response's status line */
  ms: number;
}

const elapsedMs = (since: bigint): number => Number(process.hrtime.bigint() - since) / 1e6;

/**
 * One request on a fresh connection, timed until the answer starts, whatever part of the body has been sent by
 * then. `body` as a Buffer is written at once; as chunks, one chunk per event loop turn (no Content-Length unless
 * given), optionally without ever ending it. A network error resolves as status 0, a timeout as -1.
 */
export function timedRequest(
  port: number,
  options: {
    method: string;
    path: string;
    headers?: OutgoingHttpHeaders;
    body?: Buffer | Buffer[];
    /** send the chunks but never end the body (the server must answer without the rest) */
    hold?: boolean;
  },
  timeoutMs = 30_000,
): Promise<TimedResponse> {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    let ms = 0;
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: options.method,
      path: options.path,
      headers: options.headers,
      agent: false,
    });
    const timer = setTimeout(() => {
      req.destroy();
      resolve({ status: -1, headers: {}, body: null, ms: elapsedMs(started) });
    }, timeoutMs);
    req.on('error', () => {
      clearTimeout(timer);
      resolve({ status: 0, headers: {}, body: null, ms: ms || elapsedMs(started) });
    });
    req.on('response', (res) => {
      ms = elapsedMs(started);
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, ms });
        req.destroy(); // stop sending what the server no longer wants
      });
    });
    const body = options.body;
    if (body === undefined) req.end();
    else if (Buffer.isBuffer(body)) req.end(body);
    else {
      let i = 0;
      const next = (): void => {
        if (req.destroyed) return;
        if (i === body.length) {
          if (!options.hold) req.end();
          return;
        }
        if (req.write(body[i++])) setImmediate(next);
        else req.once('drain', next);
      };
      next();
    }
  });
}

/**
 * Latencies in ms of GET `path`, one after the other (`intervalMs` apart), until `until` settles and at least `minMs`
 * have passed. A probe that fails counts as infinitely slow.
 */
export async function probeLatencies(
  port: number,
  until: Promise<unknown>,
  {
    path = '/health/live',
    minMs = 1000,
    intervalMs = 0,
  }: { path?: string; minMs?: number; intervalMs?: number } = {},
): Promise<number[]> {
  let settled = false;
  void until.finally(() => (settled = true));
  const started = Date.now();
  const latencies: number[] = [];
  while (!settled || Date.now() - started < minMs) {
    const res = await timedRequest(port, { method: 'GET', path }, 10_000);
    latencies.push(res.status === 200 ? res.ms : Number.POSITIVE_INFINITY);
    if (intervalMs > 0) await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return latencies;
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/**
 * The median /health/live latency the liveness checks under load may reach: `floorMs`, or 5x the median of the same
 * probe with nothing else in flight, whichever is larger. A stalled event loop misses it by orders of magnitude (the
 * security findings measured seconds to minutes); a machine busy with other work raises both figures alike.
 */
export async function livenessBudget(port: number, floorMs: number): Promise<number> {
  const idle = median(await probeLatencies(port, Promise.resolve(), { minMs: 500 }));
  return Math.max(floorMs, 5 * idle);
}
