import { Inject, OnApplicationShutdown } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { offDatabaseTime } from '../../common/request-context';
import { PasswordHasher } from '../../common/security/password-hasher';
import { authConfig } from '../../config/configuration';
import { BcryptWorkerPool } from './bcrypt-worker-pool';
import { Implements } from '../../common/di/implements';

/**
 * bcrypt in native code (@node-rs/bcrypt) on hashing threads of its own, niced (see BcryptWorkerPool): a hash at cost
 * 12 takes a few hundred milliseconds of CPU, none of it on the event loop, and on a busy machine the requests being
 * served meanwhile get the CPU first. Hashes are standard `$2a$`/`$2b$`/`$2y$` bcrypt, so those made earlier
 * (bcryptjs) verify unchanged.
 */
@Implements(PasswordHasher)
export class BcryptPasswordHasher extends PasswordHasher implements OnApplicationShutdown {
  private readonly pool = new BcryptWorkerPool();

  constructor(@Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>) {
    super();
  }

  // hashing is no database time: a login whose hash queued behind others still has its whole database budget
  hash(plain: string): Promise<string> {
    return offDatabaseTime(() => this.pool.hash(plain, this.config.bcryptCost));
  }

  async verify(plain: string, hashed: string): Promise<boolean> {
    try {
      return await offDatabaseTime(() => this.pool.verify(plain, hashed));
    } catch {
      return false; // not a bcrypt hash at all: no password matches it
    }
  }

  /**
   * After the HTTP server has closed (Nest runs destroy hooks before it stops serving): a login or password change
   * still in flight when the shutdown began finishes its hashing instead of failing.
   */
  onApplicationShutdown(): Promise<void> {
    return this.pool.close();
  }
}
