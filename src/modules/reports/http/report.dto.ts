import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { LowercaseUuid } from '../../../common/http/dto-helpers';

export class ReportQueryDto {
  /** first day (YYYY-MM-DD, local to `tz`) or instant (ISO 8601 with offset); default: 30 days before `to` */
  @ApiPropertyOptional({ example: '2026-11-01' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  from?: string;

  /** last day (inclusive) or instant (exclusive); default: today, in `tz`; at most 366 local days in `tz` after `from` (days across a DST change count as one day each) */
  @ApiPropertyOptional({ example: '2026-11-30' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  to?: string;

  /** IANA timezone the days are counted in (default UTC) */
  @ApiPropertyOptional({ example: 'Europe/Berlin' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  tz?: string;

  /** ADMIN: one department (default: all). TEAM_LEAD: their own (another is 404) */
  @IsOptional()
  @LowercaseUuid()
  @IsUUID()
  departmentId?: string;
}

export class PercentilesDto {
  @ApiProperty({ type: Number, nullable: true }) median: number | null;
  @ApiProperty({ type: Number, nullable: true }) p90: number | null;
}

export class DayCountDto {
  @ApiProperty({ example: '2026-11-02' }) date: string;
  @ApiProperty() count: number;
}

export class SlaComplianceDto {
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'percent of tickets created in the range with a first-response target and a known outcome that met it',
  })
  firstResponse: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'percent of tickets created in the range with a resolution target and a known outcome that met it. The ' +
      'outcome is decided when a ticket is resolved (RESOLVED, or CLOSED straight from PENDING_USER, which ' +
      'counts as resolved then), or by a breach; cancelled tickets and merged duplicates count only if breached',
  })
  resolution: number | null;
}

export class SummaryReportDto {
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time', description: 'exclusive' }) to: string;
  @ApiProperty({ example: 'UTC' }) tz: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) departmentId: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'tickets created in the range, by current status',
  })
  byStatus: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } }) byPriority: Record<
    string,
    number
  >;
  @ApiProperty({ type: [DayCountDto], description: 'tickets created per local day, every day of the range' })
  createdPerDay: DayCountDto[];
  @ApiProperty({
    type: [DayCountDto],
    description:
      'tickets resolved per local day, by resolvedAt: a ticket CLOSED straight from PENDING_USER counts on the ' +
      'day it was closed; merged duplicates and cancelled tickets never resolved do not count',
  })
  resolvedPerDay: DayCountDto[];
  @ApiProperty({
    type: PercentilesDto,
    description:
      'wall-clock minutes from creation to the first public staff reply, tickets created in the range',
  })
  firstResponseMinutes: PercentilesDto;
  @ApiProperty({
    type: PercentilesDto,
    description: 'wall-clock minutes from creation to resolution, tickets resolved in the range',
  })
  resolutionMinutes: PercentilesDto;
  @ApiProperty({ type: SlaComplianceDto }) slaCompliance: SlaComplianceDto;
}

export class AgentReportRowDto {
  @ApiProperty({ format: 'uuid' }) agentId: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) departmentId: string | null;
  @ApiProperty({ description: 'open tickets assigned now (OPEN, IN_PROGRESS, PENDING_USER)' })
  openAssigned: number;
  @ApiProperty({
    description:
      'tickets assigned to them resolved in the range (by resolvedAt, as resolvedPerDay counts them)',
  })
  resolved: number;
  @ApiProperty({ type: Number, nullable: true }) medianFirstResponseMinutes: number | null;
  @ApiProperty({ type: Number, nullable: true }) medianResolutionMinutes: number | null;
}

export class AgentsReportDto {
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty() tz: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) departmentId: string | null;
  @ApiProperty({ type: [AgentReportRowDto] }) agents: AgentReportRowDto[];
}
