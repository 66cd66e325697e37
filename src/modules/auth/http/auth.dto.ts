import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { Role } from '../../../common/auth/role';
import { IsPassword } from './password.validator';
import { NameField } from '../../../common/http/dto-fields';

export class RegisterDto {
  @IsEmail()
  @MaxLength(254)
  email: string;

  /**
   * 10 to 72 bytes
   * @example "correct-horse-battery"
   */
  @IsString()
  @IsPassword()
  password: string;

  /** @example "Jane Doe" */
  @NameField()
  @MaxLength(200)
  fullName: string;
}

export class LoginDto {
  /** @example "jane.doe@example.com" */
  @IsEmail()
  @MaxLength(254)
  email: string;

  /** @example "correct-horse-battery" */
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  password: string;
}

export class RefreshDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(512)
  refreshToken: string;
}

export class LogoutDto {
  @IsOptional()
  @IsString()
  @MaxLength(512)
  refreshToken?: string;
}

export class ForgotPasswordDto {
  @IsEmail()
  @MaxLength(254)
  email: string;
}

export class ResetPasswordDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(512)
  token: string;

  /**
   * 10 to 72 bytes
   * @example "staple-battery-horse"
   */
  @IsString()
  @IsPassword()
  newPassword: string;
}

export class ChangePasswordDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  currentPassword: string;

  /**
   * 10 to 72 bytes
   * @example "staple-battery-horse"
   */
  @IsString()
  @IsPassword()
  newPassword: string;
}

export class AuthUserResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ enum: Role, enumName: 'Role' }) role: Role;
  @ApiProperty() isActive: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'staff only' }) departmentId:
    string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'staff only' }) teamId:
    string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class SessionResponseDto {
  @ApiProperty({ description: 'JWT (HS256) carrying sub, role and jti' }) accessToken: string;
  @ApiProperty({ description: 'opaque, single use: each refresh returns a new one' }) refreshToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty({ description: 'access token lifetime in seconds', example: 900 }) expiresIn: number;
  @ApiProperty({ type: AuthUserResponseDto }) user: AuthUserResponseDto;
}
