import { Injectable, OnModuleInit } from '@nestjs/common';
import { Histogram } from 'prom-client';
import { DataSource, EntitySubscriberInterface } from 'typeorm';
import { MetricsService } from '../metrics/metrics.service';
import { currentRepositoryOperation } from './measured-repository';

type AfterQueryEvent = Parameters<NonNullable<EntitySubscriberInterface['afterQuery']>>[0];

const TRANSACTION_STATEMENT = /^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)/i;

/**
 * `db_query_duration_seconds{repository, operation}`: every completed query, labelled with the repository method
 * that ran it (see MeasuredRepository). Transaction statements count as `transaction`, the rest (migrations, the
 * outbox relay, health checks) as `other`.
 */
@Injectable()
export class QueryMetrics implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    const histogram = this.metrics.histogram(
      'db_query_duration_seconds',
      'PostgreSQL query duration by repository and operation',
      ['repository', 'operation'],
      [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    );
    this.dataSource.subscribers.push(new QueryTimer(histogram));
  }
}

class QueryTimer implements EntitySubscriberInterface {
  constructor(private readonly histogram: Histogram<'repository' | 'operation'>) {}

  afterQuery(event: AfterQueryEvent): void {
    if (!event.success || event.executionTime === undefined) return;
    const op = currentRepositoryOperation();
    const statement = op ? undefined : TRANSACTION_STATEMENT.exec(event.query);
    const labels = op
      ? { repository: op.repository, operation: op.operation }
      : statement
        ? { repository: 'transaction', operation: statement[1].split(' ')[0].toLowerCase() }
        : { repository: 'other', operation: 'other' };
    this.histogram.observe(labels, event.executionTime / 1000);
  }
}
