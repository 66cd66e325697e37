import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EmbeddedService, startEmbeddedPostgres } from '../infrastructure/embedded/embedded-postgres';
import { startEmbeddedRedis } from '../infrastructure/embedded/embedded-redis';

/** Read when used, not when this file loads, so a DATA_DIR from .env counts. */
const dataDir = (): string => process.env.DATA_DIR ?? '.data';

/**
 * The zero-config start: whatever of PostgreSQL and Redis has no URL is started locally and its URL put in the
 * environment. With both URLs set nothing starts. Returns a function that stops what was started.
 */
export async function startEmbeddedInfrastructure(log: (m: string) => void): Promise<() => Promise<void>> {
  const started: EmbeddedService[] = [];
  try {
    if (!process.env.DATABASE_URL) {
      const pg = await startEmbeddedPostgres(dataDir(), 'helpdesk', log);
      started.push(pg);
      process.env.DATABASE_URL = pg.url;
    }
    if (!process.env.REDIS_URL) {
      const redis = await startEmbeddedRedis(dataDir(), log);
      started.push(redis);
      process.env.REDIS_URL = redis.url;
    }
    if (started.length > 0 && !process.env.JWT_SECRET && process.env.NODE_ENV !== 'production') {
      process.env.JWT_SECRET = localSecret();
    }
  } catch (err) {
    await stopAll(started);
    throw err;
  }
  return () => stopAll(started);
}

/** A signing secret kept under .data so a local instance's sessions survive restarts. */
function localSecret(): string {
  const file = join(dataDir(), 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir(), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

async function stopAll(services: EmbeddedService[]): Promise<void> {
  for (const s of services.reverse()) await s.stop().catch(() => undefined);
}
