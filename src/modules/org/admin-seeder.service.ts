import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { PasswordHasher } from '../../common/security/password-hasher';
import { appConfig } from '../../config/configuration';
import { Role } from './domain/role';
import { UserDirectory } from './user-directory.port';

/**
 * Makes sure an ADMIN exists. Uses ADMIN_EMAIL/ADMIN_PASSWORD; without a password one is generated and printed once
 * to stdout (never to the log). Safe when several instances start at once: the insert ignores a taken email.
 */
@Injectable()
export class AdminSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminSeeder.name);

  constructor(
    private readonly users: UserDirectory,
    private readonly hasher: PasswordHasher,
    @Inject(appConfig.KEY) private readonly config: ConfigType<typeof appConfig>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.seed();
  }

  async seed(): Promise<boolean> {
    if (await this.users.hasActiveAdmin()) return false;
    const generated = !this.config.adminPassword;
    const password = this.config.adminPassword ?? randomBytes(12).toString('base64url');
    const created = await this.users.register({
      email: this.config.adminEmail,
      passwordHash: await this.hasher.hash(password),
      fullName: 'Administrator',
      role: Role.ADMIN,
    });
    if (!created) {
      this.logger.warn(
        `No active ADMIN exists and ${this.config.adminEmail} is taken by another account; none seeded`,
      );
      return false;
    }
    this.logger.log({ userId: created.id, email: created.email }, 'Seeded the first ADMIN');
    if (generated) {
      process.stdout.write(
        `\n  Admin account created: ${created.email}\n  Password (shown once, change it): ${password}\n\n`,
      );
    }
    return true;
  }
}
