import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { compare, hash } from '@node-rs/bcrypt';
import { offDatabaseTime } from '../../common/request-context';
import { PasswordHasher } from '../../common/security/password-hasher';
import { authConfig } from '../../config/configuration';

/**
 * bcrypt in native code on libuv's thread pool (@node-rs/bcrypt): a hash at cost 12 takes a few hundred milliseconds
 * of CPU, and none of it runs on the event loop, so logins never stall the requests being served meanwhile. Hashes are
 * standard `$2a$`/`$2b$`/`$2y$` bcrypt, so those made earlier (bcryptjs) verify unchanged.
 */
@Injectable()
export class BcryptPasswordHasher extends PasswordHasher {
  constructor(@Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>) {
    super();
  }

  // hashing is no database time: a login whose hash queued behind others still has its whole database budget
  hash(plain: string): Promise<string> {
    return offDatabaseTime(() => hash(plain, this.config.bcryptCost));
  }

  async verify(plain: string, hashed: string): Promise<boolean> {
    try {
      return await offDatabaseTime(() => compare(plain, hashed));
    } catch {
      return false; // not a bcrypt hash at all: no password matches it
    }
  }
}
