import 'reflect-metadata';
import { loadEnvironmentOrExit } from './bootstrap/process';
import { cliDataSource } from './infrastructure/database/cli-data-source';
import { pendingMigrations, runMigrationsLocked } from './infrastructure/database/migrations';

const USAGE = 'usage: node dist/migrate.js [--wait [seconds]]';

/**
 * Applies pending migrations (`npm run migration:run`, the Kubernetes migration Job), or with `--wait` only waits
 * until another process has applied them (the api and worker pods' init container), so no pod of a new version
 * serves on an old schema. Needs nothing but the built image: no TypeScript, no dev dependencies.
 */
async function main(argv: string[]): Promise<number> {
  const log = (m: string) => process.stdout.write(`${m}\n`);
  loadEnvironmentOrExit();
  const waitIndex = argv.indexOf('--wait');
  const unknown = argv.filter((a, i) => a !== '--wait' && !(waitIndex >= 0 && i === waitIndex + 1));
  if (unknown.length > 0) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const dataSource = cliDataSource();
  await dataSource.initialize();
  try {
    if (waitIndex < 0) {
      const applied = await runMigrationsLocked(dataSource, log);
      log(applied.length > 0 ? `Database migrated (${applied.length} applied)` : 'Database is up to date');
      return 0;
    }
    const seconds = Number(argv[waitIndex + 1] ?? 600);
    if (!Number.isFinite(seconds) || seconds < 0) {
      process.stderr.write(`${USAGE}\n`);
      return 2;
    }
    const deadline = Date.now() + seconds * 1000;
    for (let said = ''; ;) {
      const pending = await pendingMigrations(dataSource);
      if (pending.length === 0) {
        log('Database is up to date');
        return 0;
      }
      const now = `Waiting for ${pending.length} migration(s) to be applied: ${pending.join(', ')}`;
      if (now !== said) log((said = now));
      if (Date.now() > deadline) {
        process.stderr.write(`Gave up after ${seconds} s: the migration Job has not applied them\n`);
        return 1;
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
  } finally {
    await dataSource.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`Migration failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
