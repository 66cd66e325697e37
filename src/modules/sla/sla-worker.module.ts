import { registerQueues } from '../../infrastructure/queue/closable-queues';
import { Module } from '@nestjs/common';
import { OutboxModule } from '../../infrastructure/outbox/outbox.module';
import { TicketRecordsModule } from '../tickets/ticket-records.module';
import { SqlBreachRepository } from './persistence/sql-ticket-clock.repository';
import { SlaBreachSweepService } from './sla-breach-sweep.service';
import { SlaBreachConsumer, SLA_QUEUE } from './sla-breach.consumer';
import { SlaBreachService } from './sla-breach.service';
import { adapters } from '../../common/di/implements';

/** Worker side: the breach sweep's job scheduler and consumer. Listed in CONSUMER_MODULES. */
@Module({
  imports: [registerQueues(SLA_QUEUE), TicketRecordsModule, OutboxModule],
  providers: [SlaBreachService, SlaBreachSweepService, SlaBreachConsumer, ...adapters(SqlBreachRepository)],
  exports: [SlaBreachSweepService],
})
export class SlaWorkerModule {}
