import { Client } from 'pg';
import { Redis } from 'ioredis';

/**
 * The bench's own databases, one per seed size (helpdesk_bench_100000, helpdesk_bench_1000000, ...) so that runs at
 * different sizes each reuse their seed instead of replacing each other's, and its Redis key prefix: nothing else is
 * touched on the servers.
 */
export const benchDatabase = (tickets: number): string => `helpdesk_bench_${Math.trunc(tickets)}`;
/** `BENCH_REDIS_PREFIX` in the environment lets two runs share one Redis without deleting each other's keys. */
export const BENCH_REDIS_PREFIX = process.env.BENCH_REDIS_PREFIX?.trim() || 'bench:';

export interface Servers {
  /** the server's maintenance connection (DATABASE_URL as given), used to create or drop the bench database */
  adminUrl: string;
  /** the bench database of this seed size */
  benchDatabase: string;
  /** the same server, database benchDatabase */
  benchUrl: string;
  redisUrl: string;
}

/** DATABASE_URL and REDIS_URL from the environment, else the usual local defaults. */
export function resolveServers(env: NodeJS.ProcessEnv, tickets: number): Servers {
  const adminUrl = env.DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = env.REDIS_URL?.trim() || 'redis://127.0.0.1:6379';
  const bench = new URL(adminUrl);
  const benchDb = benchDatabase(tickets);
  bench.pathname = `/${benchDb}`;
  return { adminUrl, benchDatabase: benchDb, benchUrl: bench.toString(), redisUrl };
}

/** A URL without its password, for logs. */
export function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

export interface SeedMarker {
  tickets: number;
  version: number;
  messages: number;
  seededAt: Date;
}

export interface Restored {
  /** tickets and messages written by earlier bench runs, deleted to restore the seed */
  tickets: number;
  messages: number;
}

async function withClient<T>(url: string, what: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `cannot connect to PostgreSQL (${what}) at ${redact(url)}: ${(err as Error).message}. ` +
        'The bench needs a real PostgreSQL server: set DATABASE_URL (a user allowed to create databases).',
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function readMarker(c: Client): Promise<SeedMarker | null> {
  const exists = await c.query<{ found: boolean }>(
    `SELECT to_regclass('public.bench_seed') IS NOT NULL AS found`,
  );
  if (!exists.rows[0].found) return null;
  const { rows } = await c.query<{ tickets: number; version: number; messages: number; seeded_at: Date }>(
    'SELECT tickets, version, messages, seeded_at FROM bench_seed WHERE id = 1',
  );
  const row = rows[0];
  return row
    ? { tickets: row.tickets, version: row.version, messages: row.messages, seededAt: row.seeded_at }
    : null;
}

/**
 * Deletes what earlier runs wrote (tickets outside the seed's PID period, messages newer than the seed, history,
 * outbox events, idempotency keys, refresh tokens), so every run measures the same data set. History and messages
 * are append-only by trigger; as their owner the bench lifts that for this one transaction. Throws when something
 * else references those rows (a newer schema): the caller then seeds a new database instead.
 */
async function restoreSeed(c: Client, marker: SeedMarker, seedPeriod: string): Promise<Restored> {
  if (!/^\d{6}$/.test(seedPeriod)) throw new Error(`bad seed period ${seedPeriod}`);
  const extra = `SELECT id FROM tickets WHERE pid NOT LIKE 'TKT-${seedPeriod}-%'`;
  await c.query('BEGIN');
  try {
    await c.query('ALTER TABLE ticket_history DISABLE TRIGGER ticket_history_append_only');
    await c.query('ALTER TABLE ticket_messages DISABLE TRIGGER ticket_messages_append_only');
    await c.query(`DELETE FROM ticket_history WHERE created_at > $1 OR ticket_id IN (${extra})`, [
      marker.seededAt,
    ]);
    const messages = await c.query(
      `DELETE FROM ticket_messages WHERE created_at > $1 OR ticket_id IN (${extra})`,
      [marker.seededAt],
    );
    await c.query(`DELETE FROM ticket_attachments WHERE ticket_id IN (${extra})`);
    await c.query(`DELETE FROM ticket_access_grants WHERE ticket_id IN (${extra})`);
    await c.query('DELETE FROM idempotency_keys');
    await c.query('DELETE FROM outbox_events');
    await c.query('DELETE FROM refresh_tokens');
    const tickets = await c.query(`DELETE FROM tickets WHERE id IN (${extra})`);
    await c.query('ALTER TABLE ticket_history ENABLE TRIGGER ticket_history_append_only');
    await c.query('ALTER TABLE ticket_messages ENABLE TRIGGER ticket_messages_append_only');
    await c.query('COMMIT');
    const restored = { tickets: tickets.rowCount ?? 0, messages: messages.rowCount ?? 0 };
    if (restored.tickets + restored.messages > 0) {
      await c.query('VACUUM (ANALYZE) tickets, ticket_messages, ticket_history, outbox_events');
    }
    return restored;
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

export type DatabaseState =
  { kind: 'reuse'; marker: SeedMarker; restored: Restored } | { kind: 'fresh'; reason: string };

/**
 * Makes sure the bench database of this size exists. Keeps it when it holds a finished seed of the wanted size and version,
 * deleting what earlier runs added; otherwise drops and recreates it empty, for the service's migrations and a
 * new seed.
 */
export async function prepareDatabase(
  servers: Servers,
  wanted: { tickets: number; version: number; seedPeriod: string; reseed: boolean },
  log: (message: string) => void,
): Promise<DatabaseState> {
  return withClient(servers.adminUrl, 'maintenance database', async (admin) => {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [servers.benchDatabase]);
    let reason = 'no bench database yet';
    if (found.rowCount) {
      const reuse = await withClient(
        servers.benchUrl,
        servers.benchDatabase,
        async (c): Promise<DatabaseState | null> => {
          const marker = await readMarker(c);
          if (wanted.reseed) reason = '--reseed';
          else if (!marker) reason = 'no finished seed';
          else if (marker.version !== wanted.version) reason = `seed version ${marker.version} is outdated`;
          else if (marker.tickets !== wanted.tickets) reason = `the seed has ${marker.tickets} tickets`;
          else {
            try {
              return { kind: 'reuse', marker, restored: await restoreSeed(c, marker, wanted.seedPeriod) };
            } catch (err) {
              reason = `cannot restore the seed: ${(err as Error).message}`;
            }
          }
          return null;
        },
      );
      if (reuse) return reuse;
      log(`dropping ${servers.benchDatabase} (${reason})`);
      await admin.query(`DROP DATABASE ${servers.benchDatabase} WITH (FORCE)`);
    }
    await admin.query(`CREATE DATABASE ${servers.benchDatabase}`);
    return { kind: 'fresh', reason };
  });
}

/** Checks that Redis answers, and deletes the keys of earlier bench runs (caches, sessions, queues). */
export async function clearBenchKeys(redisUrl: string): Promise<number> {
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 5000,
    retryStrategy: () => null,
  });
  let lastError: Error | undefined;
  redis.on('error', (err: Error) => (lastError = err));
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    throw new Error(
      `cannot connect to Redis at ${redact(redisUrl)}: ${(lastError ?? (err as Error)).message}. ` +
        'The bench needs a real Redis server: set REDIS_URL.',
    );
  }
  try {
    let cursor = '0';
    let deleted = 0;
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${BENCH_REDIS_PREFIX}*`, 'COUNT', 1000);
      if (keys.length > 0) deleted += await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
    return deleted;
  } finally {
    redis.disconnect();
  }
}
