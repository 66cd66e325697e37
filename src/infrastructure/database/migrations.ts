import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, Logger as TypeOrmLogger, MigrationExecutor } from 'typeorm';

/** Any constant shared by every instance: the advisory lock that serialises migrations across processes. */
export const MIGRATION_LOCK = 7_340_211;

/**
 * The database the command-line tools (`node dist/migrate.js`, the TypeORM CLI) target: DATABASE_URL, else the
 * embedded PostgreSQL that `npm start` keeps under DATA_DIR (which must be running).
 */
export function cliDatabaseUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const portFile = join(process.env.DATA_DIR ?? '.data', 'postgres.port');
  if (existsSync(portFile)) {
    return `postgres://postgres:postgres@127.0.0.1:${readFileSync(portFile, 'utf8').trim()}/helpdesk`;
  }
  throw new Error('Set DATABASE_URL, or run `npm start` once so the embedded PostgreSQL exists');
}

/**
 * TypeORM's logger, reduced to what an operator wants to read: each migration as it is applied or fails.
 * Queries and their parameters are never logged (parameters can hold secrets).
 */
export class MigrationLogger implements TypeOrmLogger {
  constructor(private readonly write: (message: string) => void) {}

  logQuery(): void {}
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(message: string): void {
    const done = /^Migration (\S+) has been (executed|reverted) successfully/.exec(message);
    if (done) this.write(`${done[2] === 'executed' ? 'Applied' : 'Reverted'} migration ${done[1]}`);
  }
  logMigration(message: string): void {
    this.write(message);
  }
  log(): void {}
}

/**
 * Applies pending migrations under a PostgreSQL advisory lock, so replicas and a migration Job starting together
 * migrate one after another. Waiting for the lock and every migration applied are logged.
 */
export async function runMigrationsLocked(
  dataSource: DataSource,
  log: (message: string) => void,
): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [
      MIGRATION_LOCK,
    ])) as [{ locked: boolean }];
    if (!locked) {
      const started = Date.now();
      log('Waiting for the migration lock: another process is migrating this database');
      await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      log(`Got the migration lock after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    const pending = await pendingMigrations(dataSource);
    if (pending.length === 0) return [];
    log(`Applying ${pending.length} migration(s): ${pending.join(', ')}`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

/** Names of the migrations this build knows that the database has not applied yet, oldest first. */
export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  const executor = new MigrationExecutor(dataSource);
  const pending = await executor.getPendingMigrations();
  return pending.map((m) => m.name);
}
