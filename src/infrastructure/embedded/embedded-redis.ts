import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EmbeddedService } from './embedded-postgres';
import { freePort, reachable } from './free-port';

function redisServerOnPath(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const path = found.stdout.trim();
  return found.status === 0 && path ? path : undefined;
}

async function waitFor(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await reachable('127.0.0.1', port, 200)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`embedded Redis did not start on port ${port}`);
}

/**
 * Redis for the zero-config start: a `redis-server` found on the PATH (append-only file under `<dataDir>/redis`),
 * else the one redis-memory-server provides (it builds Redis on first use, which needs internet and a compiler).
 */
export async function startEmbeddedRedis(
  dataDir: string,
  log: (m: string) => void,
): Promise<EmbeddedService> {
  const binary = redisServerOnPath();
  if (binary) {
    const port = await freePort();
    const dir = resolve(join(dataDir, 'redis'));
    mkdirSync(dir, { recursive: true });
    const child = spawn(
      binary,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--save',
        '',
        '--protected-mode',
        'yes',
      ],
      { stdio: 'ignore' },
    );
    await waitFor(port, 10_000);
    log(`embedded Redis (${binary}) on 127.0.0.1:${port}`);
    return {
      url: `redis://127.0.0.1:${port}`,
      stop: () =>
        new Promise<void>((done) => {
          if (child.exitCode !== null) return done();
          child.once('exit', () => done());
          child.kill('SIGTERM');
        }),
    };
  }
  const { RedisMemoryServer } = await import('redis-memory-server').catch((err: { code?: string }) => {
    if (err.code !== 'MODULE_NOT_FOUND' && err.code !== 'ERR_MODULE_NOT_FOUND') throw err;
    throw new Error(
      'REDIS_URL is not set, no redis-server is on the PATH and redis-memory-server is not installed (a development ' +
        'dependency, left out by `npm ci --omit=dev` and the production image): set REDIS_URL',
    );
  });
  const server = await RedisMemoryServer.create();
  const host = await server.getHost();
  const port = await server.getPort();
  log(`embedded Redis (redis-memory-server) on ${host}:${port}`);
  return { url: `redis://${host}:${port}`, stop: async () => void (await server.stop()) };
}
