import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsInstant } from '../../../common/http/instant.validator';
import { IsOptionalNotNull, LowercaseUuid, QueryBoolean, Trim } from '../../../common/http/dto-helpers';
import { PageQueryDto } from '../../../common/http/page-query.dto';
import { ApprovalStatus, StepStatus } from '../domain/approval';
import { NameField } from '../../../common/http/dto-fields';

export class ApproveDto {
  /** Shown in the ticket's history */
  @ApiPropertyOptional({ example: 'Budget confirmed', maxLength: 2000 })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @MaxLength(2000)
  comment?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'Decide in this delegator’s name. Needed only when you wait on the step yourself and also stand in for ' +
      'someone, or stand in for several approvers of it; otherwise your own capacity (or the one delegator) is used',
  })
  @IsOptional()
  @LowercaseUuid()
  @IsUUID()
  onBehalfOf?: string;
}

export class RejectDto {
  /** Why: shown in the ticket's history; required */
  @ApiProperty({ example: 'Not in this quarter’s budget', maxLength: 2000 })
  @NameField()
  @MaxLength(2000)
  comment: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'as for approve' })
  @IsOptional()
  @LowercaseUuid()
  @IsUUID()
  onBehalfOf?: string;
}

export class ReassignDto {
  @ApiProperty({ format: 'uuid', description: 'an approver still waiting on the open step' })
  @LowercaseUuid()
  @IsUUID()
  fromUserId: string;

  @ApiProperty({
    format: 'uuid',
    description: 'an active user, not the requester, not yet an approver of the step',
  })
  @LowercaseUuid()
  @IsUUID()
  toUserId: string;
}

export class ListApprovalsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'only requests pending longer than APPROVAL_STALE_HOURS (default 72) since they were filed',
  })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  stale?: boolean;

  @ApiPropertyOptional({ enum: ApprovalStatus, enumName: 'ApprovalStatus' })
  @IsOptional()
  @IsEnum(ApprovalStatus)
  status?: ApprovalStatus;
}

export class CreateDelegationDto {
  @ApiProperty({ format: 'uuid', description: 'an active user other than you' })
  @LowercaseUuid()
  @IsUUID()
  delegateId: string;

  @ApiProperty({ format: 'date-time', description: 'start of the window (inclusive), ISO 8601' })
  @IsInstant()
  from: string;

  @ApiProperty({
    format: 'date-time',
    description: 'end of the window (exclusive), ISO 8601; after `from` and in the future',
  })
  @IsInstant()
  to: string;
}

export class PendingApprovalDto {
  @ApiProperty({
    format: 'uuid',
    description: 'the approval request: POST /approvals/{id}/approve or /reject',
  })
  id: string;
  @ApiProperty({ format: 'uuid' }) ticketId: string;
  @ApiProperty({ example: 'TKT-202611-000042' }) ticketPid: string;
  @ApiProperty({ description: 'the open step, from 1', example: 1 }) step: number;
  @ApiProperty({ enum: ['ALL', 'ANY'] }) mode: string;
  @ApiProperty({ format: 'date-time', description: 'when the step opened for this approver' })
  requestedAt: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'present when you would decide as a delegate: the approver who delegated to you',
  })
  onBehalfOf?: string;
}

export class StepApproverDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({
    enum: [
      'USER',
      'TEAM_LEAD:REQUESTER_DEPARTMENT',
      'TEAM_LEAD:ITEM_DEPARTMENT',
      'FALLBACK_ADMIN',
      'REASSIGNED',
    ],
    description:
      'why they approve: named, a team lead of the department the rule names, an ADMIN asked because the rules ' +
      'named nobody who could decide, or put in place of another approver',
  })
  source: string;
  @ApiProperty({ description: 'the user account is active' }) active: boolean;
  @ApiProperty({ description: 'the step is open and waits on this approver' }) waiting: boolean;
  @ApiProperty({ format: 'date-time' }) addedAt: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'replaced by this user' })
  replacedBy: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) replacedAt: string | null;
}

export class ApprovalDecisionDto {
  @ApiProperty({ format: 'uuid', description: 'the approver in whose name it was decided' })
  approverId: string;
  @ApiProperty({ format: 'uuid', description: 'who decided: the approver, or their delegate' })
  decidedBy: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'set when a delegate decided' })
  onBehalfOf: string | null;
  @ApiProperty({ enum: ['APPROVED', 'REJECTED'] }) decision: string;
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
  @ApiProperty({ format: 'date-time' }) decidedAt: string;
}

export class ApprovalStepResponseDto {
  @ApiProperty({ description: 'position, from 1' }) step: number;
  @ApiProperty({ enum: ['ALL', 'ANY'] }) mode: string;
  @ApiProperty({ enum: StepStatus, enumName: 'ApprovalStepStatus' }) status: StepStatus;
  @ApiProperty({
    description: 'the rules of the chain: {userId} or {role: TEAM_LEAD, scope}',
    type: 'array',
    items: { type: 'object' },
  })
  rules: object[];
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) openedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) closedAt: string | null;
  @ApiProperty({ type: [StepApproverDto], description: 'worked out when the step opens' })
  approvers: StepApproverDto[];
  @ApiProperty({ type: [ApprovalDecisionDto] }) decisions: ApprovalDecisionDto[];
}

export class ApprovalTicketDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() pid: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty() status: string;
  @ApiProperty() priority: string;
  @ApiProperty({ format: 'uuid' }) requesterId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) departmentId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) serviceItemId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) customFields: Record<string, unknown>;
}

export class ApprovalResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) ticketId: string;
  @ApiProperty() ticketPid: string;
  @ApiProperty({ format: 'uuid' }) requesterId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) serviceItemId: string | null;
  @ApiProperty({ enum: ApprovalStatus, enumName: 'ApprovalStatus' }) status: ApprovalStatus;
  @ApiProperty({ nullable: true, type: Number, description: 'the open step, null once decided or withdrawn' })
  currentStep: number | null;
  @ApiProperty({ format: 'date-time', description: 'when the ticket was filed' }) requestedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) closedAt: string | null;
  @ApiProperty({ type: [ApprovalStepResponseDto] }) steps: ApprovalStepResponseDto[];
  @ApiPropertyOptional({
    type: ApprovalTicketDto,
    description:
      'GET /approvals/{id} only: what is to be approved, also for a delegate who cannot open the ticket',
  })
  ticket?: ApprovalTicketDto;
}

export class DelegationResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) delegatorId: string;
  @ApiProperty({ format: 'uuid' }) delegateId: string;
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty({ description: 'the window includes this moment' }) active: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
