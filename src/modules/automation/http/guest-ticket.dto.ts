import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';
import { Trim } from '../../../common/http/dto-helpers';
import { NameField, OptionalUuidField } from '../../../common/http/dto-fields';

export class GuestTicketDto {
  /** Where the PID, the answers and (for a new account) the set-password link go */
  @ApiProperty({ example: 'sam@example.com', maxLength: 254 })
  @Trim()
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Sam Guest', maxLength: 200 })
  @NameField()
  @MaxLength(200)
  fullName: string;

  @ApiProperty({ example: 'Cannot open the invoice PDF', minLength: 3, maxLength: 200 })
  @Trim()
  @IsString()
  @Length(3, 200)
  title: string;

  /** Kept as plain text; shown escaped wherever it is rendered as HTML */
  @ApiProperty({ example: 'The link in your mail of 3 May gives an error.', minLength: 1, maxLength: 20000 })
  @IsString()
  @Length(1, 20000)
  description: string;

  /** An active department (GET /departments lists them); without one, admins triage the ticket */
  @OptionalUuidField()
  departmentId?: string;
}

export class GuestTicketAcceptedDto {
  @ApiProperty({
    example: 'TKT-202611-000042',
    description: 'the ticket’s PID; the same answer whatever the email (the mail goes to its owner)',
  })
  pid: string;
}
