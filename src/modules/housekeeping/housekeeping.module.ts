import { registerQueues } from '../../infrastructure/queue/closable-queues';
import { Module } from '@nestjs/common';
import { HOUSEKEEPING_QUEUE, HousekeepingConsumer } from './housekeeping.consumer';
import { HousekeepingService } from './housekeeping.service';
import { SqlRetentionRepository } from './persistence/sql-retention.repository';
import { adapters } from '../../common/di/implements';

/** Worker side: the retention job scheduler and its consumer. Listed in CONSUMER_MODULES. */
@Module({
  imports: [registerQueues(HOUSEKEEPING_QUEUE)],
  providers: [HousekeepingService, HousekeepingConsumer, ...adapters(SqlRetentionRepository)],
  exports: [HousekeepingService],
})
export class HousekeepingModule {}
