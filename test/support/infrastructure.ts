import { randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import Redis from 'ioredis';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ALL_MIGRATIONS } from '../../migrations';
import { EmbeddedService, startEmbeddedPostgres } from '../../src/infrastructure/embedded/embedded-postgres';
import { startEmbeddedRedis } from '../../src/infrastructure/embedded/embedded-redis';
import { reachable } from '../../src/infrastructure/embedded/free-port';
import { SnakeNamingStrategy } from '../../src/infrastructure/database/snake-naming.strategy';

/** the key that encrypts stored secrets in tests (32 bytes, base64) */
export const TEST_SECRETS_KEY = Buffer.alloc(32, 7).toString('base64');

const DEFAULT_PG = 'postgres://postgres@127.0.0.1:5432/postgres';
const DEFAULT_REDIS = 'redis://127.0.0.1:6379';

export interface TestInfrastructure {
  adminDatabaseUrl: string;
  databaseUrl: string;
  databaseName: string;
  redisUrl: string;
  keyPrefix: string;
  embedded: EmbeddedService[];
}

const withDatabase = (url: string, name: string): string => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

/** PostgreSQL and Redis for this run: the configured ones, else the local defaults, else embedded ones. */
export async function provisionInfrastructure(): Promise<TestInfrastructure> {
  const embedded: EmbeddedService[] = [];
  const log = (m: string) => process.stderr.write(`[test] ${m}\n`);
  let adminDatabaseUrl = process.env.DATABASE_URL;
  if (!adminDatabaseUrl) {
    if (await reachable('127.0.0.1', 5432)) adminDatabaseUrl = DEFAULT_PG;
    else {
      const pg = await startEmbeddedPostgres('.data/test', 'postgres', log);
      embedded.push(pg);
      adminDatabaseUrl = pg.url;
    }
  }
  let redisUrl = process.env.REDIS_URL;
  if (!redisUrl) {
    if (await reachable('127.0.0.1', 6379)) redisUrl = DEFAULT_REDIS;
    else {
      const redis = await startEmbeddedRedis('.data/test', log);
      embedded.push(redis);
      redisUrl = redis.url;
    }
  }
  const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const databaseName = `helpdesk_test_${runId}`;
  await createDatabase(adminDatabaseUrl, databaseName);
  const databaseUrl = withDatabase(adminDatabaseUrl, databaseName);
  await migrate(databaseUrl);
  await seedAdmin(databaseUrl);
  return { adminDatabaseUrl, databaseUrl, databaseName, redisUrl, keyPrefix: `test:${runId}:`, embedded };
}

function assertTestDatabase(name: string): void {
  if (!/test/i.test(name))
    throw new Error(`Refusing to touch database "${name}": its name does not say test`);
}

async function createDatabase(adminUrl: string, name: string): Promise<void> {
  assertTestDatabase(name);
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

export async function migrate(databaseUrl: string): Promise<void> {
  const ds = new DataSource({
    type: 'postgres',
    url: databaseUrl,
    migrations: ALL_MIGRATIONS,
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
  });
  await ds.initialize();
  try {
    await ds.runMigrations();
  } finally {
    await ds.destroy();
  }
}

export const TEST_ADMIN = { email: 'admin@test.local', password: 'admin-password-123' };

/**
 * The run's ADMIN, present from the start, so no test depends on which app happened to seed first (the seeder
 * itself is exercised by the process test on a database of its own).
 */
async function seedAdmin(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO users (email, password_hash, full_name, role) VALUES ($1, $2, 'Test Administrator', 'ADMIN')`,
      [TEST_ADMIN.email, await bcrypt.hash(TEST_ADMIN.password, 4)],
    );
  } finally {
    await client.end();
  }
}

export async function releaseInfrastructure(infra: TestInfrastructure): Promise<void> {
  assertTestDatabase(infra.databaseName);
  const client = new Client({ connectionString: infra.adminDatabaseUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${infra.databaseName}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
  const redis = new Redis(infra.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${infra.keyPrefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  for (const service of infra.embedded.reverse()) await service.stop();
}
