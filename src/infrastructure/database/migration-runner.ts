import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { appConfig } from '../../config/configuration';
import { runMigrationsLocked } from './migrations';

/**
 * Runs pending migrations at start when MIGRATE_ON_START=true, under a PostgreSQL advisory lock so that several
 * replicas starting at once migrate one after another instead of racing.
 */
@Injectable()
export class MigrationRunner implements OnModuleInit {
  private readonly logger = new Logger(MigrationRunner.name);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(appConfig.KEY) private readonly config: ConfigType<typeof appConfig>,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.migrateOnStart) return;
    await runMigrationsLocked(this.dataSource, (m) => this.logger.log(m));
  }
}
