import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { MIGRATIONS_GLOB } from './migrations-glob';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * The DataSource the TypeORM CLI uses (`npm run migration:run|revert|generate`). It targets DATABASE_URL, else the
 * embedded PostgreSQL that `npm start` keeps under .data/ (which must be running).
 */
function databaseUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const portFile = join(process.env.DATA_DIR ?? '.data', 'postgres.port');
  if (existsSync(portFile)) {
    return `postgres://postgres:postgres@127.0.0.1:${readFileSync(portFile, 'utf8').trim()}/helpdesk`;
  }
  throw new Error('Set DATABASE_URL, or run `npm start` once so the embedded PostgreSQL exists');
}

export default new DataSource({
  type: 'postgres',
  url: databaseUrl(),
  entities: [join(__dirname, '..', '..', 'modules', '**', '*.entity.js')],
  migrations: [MIGRATIONS_GLOB],
  migrationsTransactionMode: 'each',
  namingStrategy: new SnakeNamingStrategy(),
});
