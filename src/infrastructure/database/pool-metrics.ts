import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MetricsService } from '../metrics/metrics.service';

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** The PostgreSQL pool's connections in use and callers waiting for one, read at every scrape. */
@Injectable()
export class PoolMetrics implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    const pool = (): PgPool | undefined => (this.dataSource.driver as unknown as { master?: PgPool }).master;
    this.metrics.gauge('db_pool_connections', 'PostgreSQL pool connections by state', ['state'], function () {
      const p = pool();
      if (!p) return;
      this.set({ state: 'in_use' }, p.totalCount - p.idleCount);
      this.set({ state: 'idle' }, p.idleCount);
    });
    this.metrics.gauge(
      'db_pool_waiting',
      'Callers waiting for a PostgreSQL pool connection',
      [],
      function () {
        this.set(pool()?.waitingCount ?? 0);
      },
    );
  }
}
