import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { LowercaseUuid } from '../../../common/http/dto-helpers';

const ME_OR_UUID = /^(me|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
export const ASSIGN_STRATEGIES = ['ROUND_ROBIN'] as const;

/** Exactly one of the three fields (checked by the controller, 400 otherwise). */
export class AssignTicketDto {
  @ApiPropertyOptional({
    description: 'the user to assign (an active AGENT or TEAM_LEAD of the ticket’s department), or `me`',
    example: 'me',
  })
  @IsOptional()
  @IsString()
  @Matches(ME_OR_UUID, { message: 'assigneeId must be "me" or a UUID' })
  assigneeId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'a team of the ticket’s department: the ticket moves to it, unassigned',
  })
  @IsOptional()
  @LowercaseUuid()
  @IsUUID()
  teamId?: string;

  @ApiPropertyOptional({
    enum: ASSIGN_STRATEGIES,
    description: 'pick the next available active AGENT of the ticket’s team (or department)',
  })
  @IsOptional()
  @IsIn(ASSIGN_STRATEGIES)
  strategy?: (typeof ASSIGN_STRATEGIES)[number];
}
