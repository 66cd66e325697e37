import { ApiProperty } from '@nestjs/swagger';
import { TicketResponseDto } from '../ticket-response.dto';
import { TICKET_LINK_TYPES } from '../ticket-links.port';

export class LinkedTicketDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() pid: string;
  @ApiProperty() title: string;
  @ApiProperty() status: string;
}

export class TicketLinkResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: TICKET_LINK_TYPES }) type: string;
  @ApiProperty({ format: 'uuid' }) sourceTicketId: string;
  @ApiProperty({ format: 'uuid' }) targetTicketId: string;
  @ApiProperty({
    enum: ['outgoing', 'incoming'],
    description: 'outgoing: this ticket is the source (e.g. it is a follow-up RELATED to `ticket`)',
  })
  direction: string;
  @ApiProperty({ type: LinkedTicketDto, description: 'the ticket at the other end' }) ticket: LinkedTicketDto;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) createdBy: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class MergeOutcomeDto {
  @ApiProperty({
    type: TicketResponseDto,
    description: 'the merged ticket, now CLOSED with mergedIntoId set',
  })
  source: TicketResponseDto;
  @ApiProperty({ type: TicketResponseDto, description: 'the ticket that carries on' })
  target: TicketResponseDto;
}
