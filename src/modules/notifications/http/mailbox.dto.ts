import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsOptionalNotNull, LowercaseUuid } from '../../../common/http/dto-helpers';

const HOST = /^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/;

export class CreateMailboxDto {
  @ApiProperty({ example: 'Support inbox' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ example: 'imap.example.com', description: 'the IMAP server' })
  @IsString()
  @Length(1, 255)
  @Matches(HOST, { message: 'host must be a host name or an IP address' })
  host: string;

  @ApiProperty({ example: 993 })
  @IsInt()
  @Min(1)
  @Max(65535)
  port: number;

  @ApiProperty({
    description: 'TLS from the start (993); false: plain, upgraded with STARTTLS when offered (143)',
  })
  @IsBoolean()
  secure: boolean;

  @ApiProperty({ example: 'support@example.com' })
  @IsString()
  @Length(1, 320)
  username: string;

  @ApiProperty({ description: 'stored encrypted (SECRETS_KEY), never returned', writeOnly: true })
  @IsString()
  @Length(1, 1024)
  password: string;

  @ApiPropertyOptional({ default: 'INBOX' })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 255)
  folder?: string;

  @ApiProperty({ format: 'uuid', description: 'tickets opened by its mail land here' })
  @LowercaseUuid()
  @IsUUID('all')
  departmentId: string;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'imported mail is moved here (it is flagged \\Seen either way)',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @Length(1, 255)
  processedFolder?: string | null;

  @ApiPropertyOptional({ default: true })
  @IsOptionalNotNull()
  @IsBoolean()
  active?: boolean;
}

/**
 * Every field may be left out; a field sent is validated as on creation, so null is refused for all but
 * processedFolder (its own rule takes null: it clears it).
 */
export class UpdateMailboxDto extends PartialType(CreateMailboxDto, { skipNullProperties: false }) {}

export class MailboxResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() host: string;
  @ApiProperty() port: number;
  @ApiProperty() secure: boolean;
  @ApiProperty() username: string;
  @ApiProperty({ description: 'always true: the password is stored (encrypted) and never shown' })
  passwordSet: boolean;
  @ApiProperty() folder: string;
  @ApiProperty({ nullable: true, type: String }) processedFolder: string | null;
  @ApiProperty({ format: 'uuid' }) departmentId: string;
  @ApiProperty() active: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'the last complete pass' })
  lastSyncAt: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'why the last connection failed (null once one works)',
  })
  lastError: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastErrorAt: string | null;
  @ApiProperty({ description: 'mails that became a ticket, a reply or a follow-up' }) importedTotal: number;
  @ApiProperty({ description: 'mails set aside as failed (see /failures)' }) failedTotal: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class MailboxTestResponseDto {
  @ApiProperty() ok: boolean;
  @ApiPropertyOptional({ description: "what went wrong, in words (the server's answer when it gave one)" })
  error?: string;
}

export class MailboxFailureResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) mailboxId: string;
  @ApiProperty({ description: 'the IMAP UID of the mail in the folder' }) uid: number;
  @ApiProperty({ nullable: true, type: String }) messageId: string | null;
  @ApiProperty({ nullable: true, type: String }) subject: string | null;
  @ApiProperty() error: string;
  @ApiProperty({ nullable: true, type: Number, description: 'null: too large to keep' }) rawSizeBytes:
    number | null;
  @ApiProperty({ enum: ['FAILED', 'IMPORTED'] }) status: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) ticketId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
