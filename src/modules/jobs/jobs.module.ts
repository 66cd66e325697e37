import { Module } from '@nestjs/common';
import { FailedJobsService } from './failed-jobs.service';
import { FailedJobsController } from './http/failed-jobs.controller';
import { BullMqFailedJobStore } from './persistence/bullmq-failed-job.store';
import { adapters } from '../../common/di/implements';

/** The api side of background jobs: ADMIN lists jobs that failed for good and retries one. */
@Module({
  controllers: [FailedJobsController],
  providers: [FailedJobsService, ...adapters(BullMqFailedJobStore)],
})
export class JobsModule {}
