import { ApiProperty } from '@nestjs/swagger';
import { HistoryType } from '../domain/ticket-enums';

export class MessageResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    format: 'uuid',
    description:
      "The ticket the message was written on. In a ticket's list, a message of a ticket merged into it names that " +
      'ticket only when the caller may read it, else the ticket listed',
  })
  ticketId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) authorId: string | null;
  @ApiProperty() body: string;
  @ApiProperty() internal: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class HistoryResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: HistoryType, enumName: 'HistoryType' }) type: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null for the system' })
  actorId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) details: Record<string, unknown>;
}

export class SummaryResponseDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { OPEN: 3, IN_PROGRESS: 1 },
  })
  byStatus: Record<string, number>;
}

export class GrantResponseDto {
  @ApiProperty({ format: 'uuid' }) ticketId: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
}
