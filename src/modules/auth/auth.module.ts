import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { OrgModule } from '../org/org.module';
import { AuthAudit } from './auth-audit';
import { AuthService } from './auth.service';
import { AuthController } from './http/auth.controller';
import { AuthIpRateLimitGuard, JwtAuthGuard, LocalAuthGuard, RolesGuard } from './http/guards';
import { StrategyNames } from './http/strategy-names';
import { PasswordResetService } from './password-reset.service';
import { PasswordSetup } from './password-setup.port';
import { RedisKnownLoginAddresses } from './persistence/redis-known-login-addresses';
import { RedisSessionStore } from './persistence/redis-session-store';
import { SqlPasswordResetTokenRepository } from './persistence/sql-password-reset-token.repository';
import { SqlRefreshTokenRepository } from './persistence/sql-refresh-token.repository';
import { SessionLivenessService } from './session-liveness.service';
import { SessionLiveness } from './session-liveness.port';
import { TokenService } from './token.service';
import { authConfig } from '../../config/configuration';
import { ConfigType } from '@nestjs/config';
import { adapters } from '../../common/di/implements';

@Module({
  imports: [
    OrgModule,
    PassportModule,
    JwtModule.registerAsync({
      inject: [authConfig.KEY],
      useFactory: (config: ConfigType<typeof authConfig>) => ({
        secret: config.jwtSecret,
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    PasswordResetService,
    { provide: PasswordSetup, useExisting: PasswordResetService },
    TokenService,
    AuthAudit,
    StrategyNames,
    JwtAuthGuard,
    RolesGuard,
    AuthIpRateLimitGuard,
    LocalAuthGuard,
    ...adapters(
      SessionLivenessService,
      SqlRefreshTokenRepository,
      SqlPasswordResetTokenRepository,
      RedisSessionStore,
      RedisKnownLoginAddresses,
    ),
  ],
  exports: [JwtAuthGuard, RolesGuard, PasswordSetup, StrategyNames, SessionLiveness],
})
export class AuthModule {}
