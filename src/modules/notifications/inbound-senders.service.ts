import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Actor, actorOf } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import { PasswordHasher } from '../../common/security/password-hasher';
import { mailConfig } from '../../config/configuration';
import { UserDirectory } from '../org/user-directory.port';

/**
 * Who an inbound mail's sender is: their account, or (with INBOUND_AUTO_REGISTER) a new END_USER account with a
 * password nobody knows; the sender then acts as that account, as the directory knows it now.
 */
@Injectable()
export class InboundSenders {
  private readonly logger = new Logger('InboundEmailService');

  constructor(
    private readonly users: UserDirectory,
    private readonly hasher: PasswordHasher,
    @Inject(mailConfig.KEY) private readonly config: ConfigType<typeof mailConfig>,
  ) {}

  async accountOf(email: string, name: string | undefined): Promise<{ user: Actor } | { reason: string }> {
    let credentials = await this.users.findCredentialsByEmail(email);
    if (!credentials) {
      if (!this.config.inboundAutoRegister) return { reason: 'unknown_sender' };
      // a random password nobody knows: the new user sets one through the password reset
      const passwordHash = await this.hasher.hash(randomBytes(24).toString('base64url'));
      const fullName = (name?.trim() || email.split('@')[0]).slice(0, 200);
      const created = await this.users.register({ email, passwordHash, fullName, role: Role.END_USER });
      if (created) this.logger.log({ userId: created.id }, 'account created for an inbound email sender');
      credentials = await this.users.findCredentialsByEmail(email);
      if (!credentials) return { reason: 'unknown_sender' };
    }
    if (!credentials.isActive) return { reason: 'inactive_sender' };
    const state = await this.users.sessionState(credentials.id);
    if (!state || !state.isActive) return { reason: 'inactive_sender' };
    // the sender acts as themselves, as the directory knows them now: no token is involved
    return { user: actorOf(state) };
  }
}
