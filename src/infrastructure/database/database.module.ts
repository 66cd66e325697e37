import { Global, Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { appConfig, databaseConfig } from '../../config/configuration';
import { UnitOfWork } from '../../common/unit-of-work';
import { TypeOrmUnitOfWork } from './typeorm-unit-of-work';
import { MIGRATIONS_GLOB } from './migrations-glob';
import { SnakeNamingStrategy } from './snake-naming.strategy';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [databaseConfig.KEY, appConfig.KEY],
      useFactory: (db: ConfigType<typeof databaseConfig>, app: ConfigType<typeof appConfig>) => ({
        type: 'postgres' as const,
        url: db.url,
        autoLoadEntities: true,
        synchronize: false,
        migrations: [MIGRATIONS_GLOB],
        migrationsRun: app.migrateOnStart,
        migrationsTransactionMode: 'each' as const,
        namingStrategy: new SnakeNamingStrategy(),
        extra: { max: db.poolSize, connectionTimeoutMillis: 5000, application_name: 'helpdesk-api' },
        retryAttempts: 3,
        retryDelay: 1000,
        logging: ['error' as const],
      }),
    }),
  ],
  providers: [TypeOrmUnitOfWork, { provide: UnitOfWork, useExisting: TypeOrmUnitOfWork }],
  exports: [TypeOrmUnitOfWork, UnitOfWork],
})
export class DatabaseModule {}
