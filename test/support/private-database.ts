import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { unique } from './factories';
import { migrate } from './infrastructure';

export interface PrivateDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A migrated database of its own for a suite that runs workers (outbox relay, consumers). On the run's shared
 * database another suite's worker could take this suite's events (and mail them to another SMTP server), or this
 * suite's relay could take theirs; with its own database and Redis key prefix a suite sees only its own events.
 */
export async function createPrivateDatabase(label: string): Promise<PrivateDatabase> {
  const db = await createEmptyDatabase(label);
  await migrate(db.url);
  return db;
}

/**
 * The environment of an app on `db` alone, which the factories write to from now on (process.env.DATABASE_URL), its
 * Redis keys under a prefix of its own named after `label`.
 */
export function privateDatabaseEnv(db: PrivateDatabase, label: string): Record<string, string> {
  process.env.DATABASE_URL = db.url;
  return { DATABASE_URL: db.url, REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}${unique(label)}:` };
}

/** A database of its own without any migration applied (see createPrivateDatabase), dropped by `drop()`. */
export async function createEmptyDatabase(label: string): Promise<PrivateDatabase> {
  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_ADMIN_DATABASE_URL is not set (run through the e2e global setup)');
  const name = `helpdesk_test_${label}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  // CREATE DATABASE copies template1 and fails while another session (a concurrent run's setup) is copying it too
  for (let attempt = 1; ; attempt++) {
    try {
      await admin(`CREATE DATABASE "${name}"`);
      break;
    } catch (err) {
      if ((err as { code?: string }).code !== '55006' || attempt >= 20) throw err;
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
