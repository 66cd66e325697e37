import { Client } from 'pg';
import { ALL_MIGRATIONS } from '../migrations';
import { MIGRATION_LOCK } from '../src/infrastructure/database/migrations';
import { createEmptyDatabase, PrivateDatabase } from './support/private-database';
import { ServiceProcess } from './support/process';

/** `node dist/migrate.js`, as the Kubernetes migration Job and `npm run migration:run` run it: no build, no dev deps. */
describe('the migration command (dist/migrate.js)', () => {
  let db: PrivateDatabase;
  const run = (...args: string[]) =>
    new ServiceProcess(
      {
        NODE_ENV: 'production',
        DATABASE_URL: db.url,
        JWT_SECRET: 'x'.repeat(40),
        SECRETS_KEY: process.env.SECRETS_KEY!,
      },
      process.cwd(),
      'migrate.js',
      args,
    ).start();

  beforeAll(async () => {
    db = await createEmptyDatabase('migrate');
  });
  afterAll(() => db?.drop());

  it('--wait waits while migrations are pending and gives up at its deadline', async () => {
    const waiting = run('--wait', '1');
    expect(await waiting.exited()).toBe(1);
    expect(waiting.output).toContain(`Waiting for ${ALL_MIGRATIONS.length} migration(s) to be applied`);
    expect(waiting.output).toContain('Gave up after 1 s');
  });

  it('waits for the lock another process holds, then applies and logs each migration; a second run has nothing to do', async () => {
    const holder = new Client({ connectionString: db.url });
    await holder.connect();
    await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const migrate = run();
    const waiter = run('--wait', '60');
    try {
      await migrate.waitForOutput(/Waiting for the migration lock/);
      expect(migrate.output).not.toContain('Applied migration');
    } finally {
      await holder.end(); // releases the lock
    }
    expect(await migrate.exited()).toBe(0);
    expect(migrate.output).toMatch(/Got the migration lock after [\d.]+ s/);
    for (const m of ALL_MIGRATIONS) expect(migrate.output).toContain(`Applied migration ${m.name}`);
    expect(migrate.output).toContain(`Database migrated (${ALL_MIGRATIONS.length} applied)`);
    expect(await waiter.exited()).toBe(0);
    expect(waiter.output).toContain('Database is up to date');

    const again = run();
    expect(await again.exited()).toBe(0);
    expect(again.output).toContain('Database is up to date');
    expect(again.output).not.toContain('Applied migration');
  });

  it('says how to call it when the arguments are wrong', async () => {
    const wrong = run('--frobnicate');
    expect(await wrong.exited()).toBe(2);
    expect(wrong.output).toContain('usage: node dist/migrate.js');
  });
});
