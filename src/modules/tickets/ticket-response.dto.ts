import { ApiProperty } from '@nestjs/swagger';
import { TicketPriority, TicketStatus, TicketVisibility } from './domain/ticket-enums';

// A ticket as every module's routes answer it (tickets, assignment, macros): public beyond the tickets module.

export class SlaTargetResponseDto {
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description:
      'null while the clock is paused (unless already breached or decided), or without this target',
  })
  dueAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) breachedAt: string | null;
  @ApiProperty({
    type: Boolean,
    nullable: true,
    description:
      'true once met in time; false once breached (or met late); null while the clock still runs. First response ' +
      'is met by the first public staff reply; resolution by RESOLVED, or by CLOSED straight from PENDING_USER ' +
      '(the ticket counts as resolved when closed), and a reopen runs it again. A duplicate closed by a merge is ' +
      'not resolved by it: like a cancelled ticket its resolution stays null unless already decided or breached',
  })
  met: boolean | null;
}

export class SlaResponseDto {
  @ApiProperty({ type: SlaTargetResponseDto }) firstResponse: SlaTargetResponseDto;
  @ApiProperty({ type: SlaTargetResponseDto }) resolution: SlaTargetResponseDto;
  @ApiProperty({ description: 'the clock stands still while the ticket is PENDING_USER or PENDING_APPROVAL' })
  paused: boolean;
}

export class TicketResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'TKT-202611-000042' }) pid: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: TicketStatus, enumName: 'TicketStatus' }) status: TicketStatus;
  @ApiProperty({ enum: TicketPriority, enumName: 'TicketPriority' }) priority: TicketPriority;
  @ApiProperty({ format: 'uuid' }) requesterId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) departmentId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) teamId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) assigneeId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) serviceItemId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) categoryId: string | null;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ enum: TicketVisibility, enumName: 'TicketVisibility' }) visibility: TicketVisibility;
  @ApiProperty({ type: 'object', additionalProperties: true }) customFields: Record<string, unknown>;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) dueAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) firstResponseAt: string | null;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description:
      'when the ticket was resolved: set by RESOLVED, cleared by a reopen; a ticket CLOSED straight from ' +
      'PENDING_USER is resolved when it is closed (resolvedAt = closedAt). Null for CANCELLED tickets and for ' +
      'duplicates closed by a merge without being resolved',
  })
  resolvedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) closedAt: string | null;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description:
      'the ticket this one was merged into (it is then CLOSED); null otherwise, and also null for a caller who may ' +
      'not read that ticket: the links list (GET /tickets/:id/links) leaves the merge link out for them and the ' +
      "history's STATUS_CHANGED shows `mergedInto` as null, so no answer names a ticket outside the caller's scope",
  })
  mergedIntoId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ description: 'optimistic-locking version; send it as If-Match on PATCH' }) version: number;
  @ApiProperty({
    type: SlaResponseDto,
    nullable: true,
    description:
      'service-level targets in business minutes of the department calendar; null without a policy',
  })
  sla: SlaResponseDto | null;
}
