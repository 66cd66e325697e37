import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { cliDatabaseUrl, MigrationLogger } from './migrations';
import { MIGRATIONS_GLOB } from './migrations-glob';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * The DataSource of the command-line tools (`node dist/migrate.js`, `npm run migration:revert`). It targets
 * DATABASE_URL, else the embedded PostgreSQL that `npm start` keeps under .data/ (which must be running).
 */
export function cliDataSource(): DataSource {
  return new DataSource({
    type: 'postgres',
    url: cliDatabaseUrl(),
    entities: [join(__dirname, '..', '..', 'modules', '**', '*.entity.js')],
    migrations: [MIGRATIONS_GLOB],
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    logger: new MigrationLogger((m) => process.stdout.write(`${m}\n`)),
    extra: { application_name: 'helpdesk-migrate' },
  });
}
