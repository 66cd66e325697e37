import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../../common/http/page-query.dto';
import { QUEUE_NAMES } from '../../../infrastructure/queue/queue-names';

export class ListFailedJobsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: QUEUE_NAMES, description: 'only the failures of this queue' })
  @IsOptional()
  @IsIn(QUEUE_NAMES)
  queue?: string;
}

export class FailedJobResponseDto {
  @ApiProperty({ enum: QUEUE_NAMES }) queue: string;
  @ApiProperty({ description: 'the job id within its queue (for events, the event id)' }) id: string;
  @ApiProperty({ description: 'the job name, e.g. an event type, `deliver` or `send`' }) name: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'the job data with secrets replaced by "[REDACTED]": secret-named fields, the data of private events and mail bodies',
  })
  data: unknown;
  @ApiProperty({ type: String, nullable: true, description: 'the last error (credentials removed)' })
  failedReason: string | null;
  @ApiProperty() attemptsMade: number;
  @ApiProperty() maxAttempts: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) failedAt: string | null;
}

export class RetriedJobResponseDto {
  @ApiProperty({ enum: QUEUE_NAMES }) queue: string;
  @ApiProperty() id: string;
  @ApiProperty({ description: 'where the job is now, e.g. `waiting`, `prioritized` or `delayed`' })
  state: string;
}
