import '@fastify/multipart';
import { ApiProperty } from '@nestjs/swagger';

export class AttachmentResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    format: 'uuid',
    description:
      "The ticket the file was uploaded to. In a ticket's list, a file of a ticket merged into it names that " +
      'ticket only when the caller may read it, else the ticket listed',
  })
  ticketId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) messageId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) uploaderId: string | null;
  @ApiProperty() filename: string;
  @ApiProperty({ description: 'sniffed from the bytes, not taken from the client' }) contentType: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty({ description: 'hex SHA-256 of the bytes' }) sha256: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
