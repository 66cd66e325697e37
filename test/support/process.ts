import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { freePort } from '../../src/infrastructure/embedded/free-port';
import { unique } from './factories';

const DIST = join(__dirname, '..', '..', 'dist');

/** Fails the suite early when the build its processes run is missing. */
export function requireBuild(): void {
  if (!existsSync(join(DIST, 'main.js'))) throw new Error('dist/main.js missing: run npm run build');
}

/**
 * The environment a process of the build starts with in production, on this run's PostgreSQL and Redis: `name`
 * gives it Redis keys and a JWT secret of its own; `over` adds or replaces variables.
 */
export function productionEnv(name: string, over: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    SECRETS_KEY: process.env.SECRETS_KEY!,
    DATABASE_URL: process.env.DATABASE_URL!,
    REDIS_URL: process.env.REDIS_URL!,
    REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}${name}:`,
    JWT_SECRET: `${name}-${unique()}-0123456789abcdef0123456789abcdef`,
    MIGRATE_ON_START: 'false',
    LOG_LEVEL: 'warn',
    ...over,
  };
}

/** The built service (`node dist/main.js`) as a child process, with everything it prints kept. */
export class ServiceProcess {
  output = '';
  private child?: ChildProcess;
  private exit?: Promise<number | null>;

  constructor(
    private readonly env: Record<string, string>,
    private readonly cwd = process.cwd(),
    /** a file of dist/, or an absolute path to a copy of the build elsewhere */
    private readonly entry = 'main.js',
    private readonly args: string[] = [],
  ) {}

  /** The child's process id (for /proc readings), once started. */
  get pid(): number {
    if (this.child?.pid === undefined) throw new Error('the service is not started');
    return this.child.pid;
  }

  start(): this {
    const child = spawn(
      process.execPath,
      [isAbsolute(this.entry) ? this.entry : join(DIST, this.entry), ...this.args],
      {
        cwd: this.cwd,
        env: { PATH: process.env.PATH ?? '', ...this.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout.on('data', (c: Buffer) => (this.output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (this.output += c.toString()));
    this.exit = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    this.child = child;
    return this;
  }

  async waitForOutput(pattern: RegExp, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.output)) {
      if (this.child?.exitCode !== null && this.child?.exitCode !== undefined) {
        throw new Error(
          `service exited (${this.child.exitCode}) before printing ${pattern}:\n${this.output}`,
        );
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Sends a signal without waiting (see exited()). */
  signal(signal: NodeJS.Signals): void {
    this.child?.kill(signal);
  }

  /** Waits for the process to end by itself. */
  async exited(timeoutMs = 20_000): Promise<number | null> {
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), timeoutMs);
    const code = await this.exit!;
    clearTimeout(timer);
    return code;
  }

  /** SIGTERM, then the exit code (null when it had to be killed). */
  // generous: on a saturated machine a graceful stop (drain, queues, pools) can take many times its idle duration
  async stop(timeoutMs = 40_000): Promise<number | null> {
    if (!this.child) return null;
    if (this.child.exitCode !== null) return this.child.exitCode;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), timeoutMs);
    const code = await this.exit!;
    clearTimeout(timer);
    return code;
  }

  /** The JSON log lines printed so far. */
  jsonLines(): Array<Record<string, unknown>> {
    return this.output
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as Record<string, unknown>];
        } catch {
          return [];
        }
      });
  }
}

/**
 * The built service on a free port (PORT is added to `env`), once it says it listens: the process and its base URL.
 * A service that never gets there is stopped before the error is thrown, so no suite leaves it running.
 */
export async function startListening(
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<{ service: ServiceProcess; base: string }> {
  const port = await freePort();
  const service = new ServiceProcess({ ...env, PORT: String(port) }).start();
  try {
    await service.waitForOutput(/Helpdesk API on/, timeoutMs);
  } catch (err) {
    await service.stop(5000);
    throw err;
  }
  return { service, base: `http://127.0.0.1:${port}` };
}
