import { ApiProperty } from '@nestjs/swagger';

export class TicketMailResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    description: 'the Message-ID header (or one derived from the bytes when the mail had none)',
  })
  messageId: string;
  @ApiProperty({ description: 'the sender address' }) sender: string;
  @ApiProperty({ nullable: true, type: String, description: 'the recipient address the mail was routed by' })
  recipient: string | null;
  @ApiProperty({ nullable: true, type: String }) subject: string | null;
  @ApiProperty({ enum: ['ticket_created', 'follow_up_created', 'reply_added'] }) outcome: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'the message the mail became' })
  ticketMessageId: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'size of the raw mail kept (null: none kept)' })
  rawSizeBytes: number | null;
  @ApiProperty({ nullable: true, type: String }) rawSha256: string | null;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
}
