import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { HOUSEKEEPING_QUEUE, HousekeepingConsumer } from './housekeeping.consumer';
import { HousekeepingService } from './housekeeping.service';
import { SqlRetentionRepository } from './persistence/sql-retention.repository';
import { RetentionRepository } from './retention-repository.port';

/** Worker side: the retention job scheduler and its consumer. Listed in CONSUMER_MODULES. */
@Module({
  imports: [BullModule.registerQueue({ name: HOUSEKEEPING_QUEUE })],
  providers: [
    HousekeepingService,
    HousekeepingConsumer,
    { provide: RetentionRepository, useClass: SqlRetentionRepository },
  ],
  exports: [HousekeepingService],
})
export class HousekeepingModule {}
