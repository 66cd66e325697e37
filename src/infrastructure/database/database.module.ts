import { Global, Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { databaseConfig } from '../../config/configuration';
import { UnitOfWork } from '../../common/unit-of-work';
import { TypeOrmUnitOfWork } from './typeorm-unit-of-work';
import { MigrationRunner } from './migration-runner';
import { PoolMetrics } from './pool-metrics';
import { RequestDeadline } from './request-deadline.provider';
import { QueryMetrics } from './query-metrics';
import { MIGRATIONS_GLOB } from './migrations-glob';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { serviceTypeParsers } from './pg-type-parsers';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [databaseConfig.KEY],
      useFactory: (db: ConfigType<typeof databaseConfig>) => ({
        type: 'postgres' as const,
        url: db.url,
        autoLoadEntities: true,
        synchronize: false,
        migrations: [MIGRATIONS_GLOB],
        migrationsRun: false, // MigrationRunner runs them under an advisory lock
        migrationsTransactionMode: 'each' as const,
        namingStrategy: new SnakeNamingStrategy(),
        extra: {
          max: db.poolSize,
          // past this, a request waiting for a connection (all busy, or PostgreSQL away) is answered 503
          connectionTimeoutMillis: db.acquireTimeoutMs,
          ...(db.statementTimeoutMs > 0 ? { statement_timeout: db.statementTimeoutMs } : {}),
          application_name: 'helpdesk-api',
          // short OLTP queries: JIT compilation costs more than it saves (measured by npm run bench)
          options: '-c jit=off',
          // instants read without the driver's regular expressions (measured by npm run bench)
          types: serviceTypeParsers,
        },
        retryAttempts: 3,
        retryDelay: 1000,
        logging: false, // failed statements surface as errors; logging them would print their parameters
      }),
    }),
  ],
  providers: [
    MigrationRunner,
    PoolMetrics,
    QueryMetrics,
    RequestDeadline,
    TypeOrmUnitOfWork,
    { provide: UnitOfWork, useExisting: TypeOrmUnitOfWork },
  ],
  exports: [TypeOrmUnitOfWork, UnitOfWork],
})
export class DatabaseModule {}
