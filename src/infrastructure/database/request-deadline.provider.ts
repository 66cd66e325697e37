import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { databaseConfig } from '../../config/configuration';
import { boundRequestDatabaseTime, PgPool } from './request-deadline';

/** Puts the per-request database deadline (see boundRequestDatabaseTime) on the service's pool. */
@Injectable()
export class RequestDeadline implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(databaseConfig.KEY) private readonly config: ConfigType<typeof databaseConfig>,
  ) {}

  onModuleInit(): void {
    const driver = this.dataSource.driver;
    if (!(driver instanceof PostgresDriver) || !driver.master) return;
    boundRequestDatabaseTime(driver.master as PgPool, {
      acquireTimeoutMs: this.config.acquireTimeoutMs,
      statementTimeoutMs: this.config.statementTimeoutMs,
    });
  }
}
