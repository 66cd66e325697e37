import { Module } from '@nestjs/common';
import { FailedJobStore } from './failed-job-store.port';
import { FailedJobsService } from './failed-jobs.service';
import { FailedJobsController } from './http/failed-jobs.controller';
import { BullMqFailedJobStore } from './persistence/bullmq-failed-job.store';

/** The api side of background jobs: ADMIN lists jobs that failed for good and retries one. */
@Module({
  controllers: [FailedJobsController],
  providers: [FailedJobsService, { provide: FailedJobStore, useClass: BullMqFailedJobStore }],
})
export class JobsModule {}
