import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsOptionalNotNull, Trim } from '../../../common/http/dto-helpers';
import { PageQueryDto } from '../../../common/http/page-query.dto';
import { AccessRequestStatus } from '../domain/access-request';
import { NameField, OptionalUuidField } from '../../../common/http/dto-fields';

export class CreateAccessRequestDto {
  /** Why you need to see the ticket; shown to those who decide */
  @ApiProperty({ example: 'I handle the customer’s other ticket about the same outage', maxLength: 1000 })
  @NameField()
  @MaxLength(1000)
  reason: string;
}

export class AccessRequestAcceptedDto {
  @ApiProperty({
    enum: ['PENDING'],
    description:
      'always PENDING: the answer is the same whether or not the ticket exists or is restricted, so asking reveals ' +
      'nothing. You hear of the decision by notification, and a granted ticket becomes visible to you',
  })
  status: 'PENDING';
}

export class DecideAccessRequestDto {
  /** Shown to the person who asked */
  @ApiPropertyOptional({ example: 'Granted for the outage review', maxLength: 1000 })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @MaxLength(1000)
  comment?: string;
}

export class ListAccessRequestsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: AccessRequestStatus })
  @IsOptional()
  @IsEnum(AccessRequestStatus)
  status?: AccessRequestStatus;

  @OptionalUuidField()
  ticketId?: string;
}

export class AccessRequestResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) ticketId: string;
  @ApiProperty({ example: 'TKT-202611-000042' }) ticketPid: string;
  @ApiProperty({ format: 'uuid', description: 'the staff member who asked' }) requestedBy: string;
  @ApiProperty() reason: string;
  @ApiProperty({ enum: AccessRequestStatus, enumName: 'AccessRequestStatus' }) status: AccessRequestStatus;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) decidedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) decidedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
