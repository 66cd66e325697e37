import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { MailboxLease } from '../mailbox-lease.port';
import { Implements } from '../../../common/di/implements';

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** `mailbox-lease:<id>` holds the serving worker's token; renewed while it serves, gone when it stops or dies. */
@Implements(MailboxLease)
export class RedisMailboxLease extends MailboxLease {
  constructor(private readonly redis: Redis) {
    super();
  }

  private key(mailboxId: string): string {
    return `mailbox-lease:${mailboxId}`;
  }

  async acquire(mailboxId: string, ttlMs: number): Promise<string | null> {
    const token = randomUUID();
    const ok = await this.redis.set(this.key(mailboxId), token, 'PX', ttlMs, 'NX');
    return ok === 'OK' ? token : null;
  }

  async renew(mailboxId: string, token: string, ttlMs: number): Promise<boolean> {
    return Number(await this.redis.eval(RENEW, 1, this.key(mailboxId), token, String(ttlMs))) === 1;
  }

  async release(mailboxId: string, token: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key(mailboxId), token);
  }
}
