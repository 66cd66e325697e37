import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class StreamQueryDto {
  @ApiPropertyOptional({
    description:
      'A single-use stream token from POST /events/stream-token (for EventSource, which cannot send headers). ' +
      'Never an access token.',
    example: 'N2Q5Zjc0YjEtMzJmNS00YjQ1LWE4ZjYtOTk1ZGQ2ZWI3Y2Mw',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  token?: string;
}

export class StreamTokenResponseDto {
  @ApiProperty({
    description: 'Opens one stream as `GET /events/stream?token=…`; valid 60 s, single-use',
    example: 'N2Q5Zjc0YjEtMzJmNS00YjQ1LWE4ZjYtOTk1ZGQ2ZWI3Y2Mw',
  })
  token: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-21T10:01:00.000Z' })
  expiresAt: string;
}
