import { ApiAccepted, ApiList } from '../../../common/http/api-route.decorator';
import { ErrorCode } from '../../../common/errors/error-codes';
import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor } from '../../../common/auth/current-actor.decorator';
import { Role } from '../../../common/auth/role';
import { Roles } from '../../../common/auth/roles.decorator';
import { NotFoundError } from '../../../common/errors/domain-errors';
import { Page } from '../../../common/pagination/page';
import { isQueueName, QUEUE_NAMES } from '../../../infrastructure/queue/queue-names';
import { FailedJobsService } from '../failed-jobs.service';
import { FailedJobResponseDto, ListFailedJobsQueryDto, RetriedJobResponseDto } from './failed-job.dto';
import { toFailedJobResponse } from './failed-job.mapper';

/** BullMQ job ids here are UUIDs, `wh_<event>_<webhook>` or `repeat:…`; anything else names no job */
const JOB_ID = /^[A-Za-z0-9:_.-]{1,200}$/;

@ApiTags('admin')
@Roles(Role.ADMIN)
@Controller('admin/jobs/failed')
export class FailedJobsController {
  constructor(private readonly jobs: FailedJobsService) {}

  @Get()
  @ApiList(FailedJobResponseDto, {
    summary: 'Jobs that failed for good, newest failure first',
    description:
      'Mails, webhook deliveries, event fan-outs and housekeeping runs that used up their retries. Each is kept ' +
      'RETENTION_FAILED_JOBS_DAYS days (default 14) after it failed, then pruned. Job data is shown with secrets ' +
      'replaced by "[REDACTED]" (secret-named fields, the data of private events, mail bodies); a mail carrying a ' +
      'secret (a password reset) is not kept at all.',
    errors: [[ErrorCode.SERVICE_UNAVAILABLE, 'Redis, where the queues live, is unreachable']],
  })
  async list(@Query() q: ListFailedJobsQueryDto): Promise<Page<FailedJobResponseDto>> {
    return (await this.jobs.list(q.queue, { page: q.page, limit: q.limit })).map(toFailedJobResponse);
  }

  @Post(':queue/:id/retry')
  @HttpCode(202)
  @ApiAccepted(RetriedJobResponseDto, {
    summary: 'Run one failed job again',
    description:
      'Puts the job back in its queue with its data and attempt count; if it fails again it returns to this list. ' +
      'A job that is no longer failed (retried already, or pruned) answers 409 or 404.',
    errors: [
      [ErrorCode.CONFLICT, 'the job is no longer failed (it was retried already)'],
      [ErrorCode.SERVICE_UNAVAILABLE, 'Redis, where the queues live, is unreachable'],
    ],
  })
  @ApiParam({ name: 'queue', enum: QUEUE_NAMES })
  @ApiParam({ name: 'id', description: 'the job id from the list' })
  async retry(
    @CurrentActor() user: Actor,
    @Param('queue') queue: string,
    @Param('id') id: string,
  ): Promise<RetriedJobResponseDto> {
    if (!isQueueName(queue) || !JOB_ID.test(id)) throw new NotFoundError('Failed job');
    return this.jobs.retry(user, queue, id);
  }
}
