/** Only one worker serves a mailbox at a time: a lease in Redis that expires when its holder dies. */
export abstract class MailboxLease {
  /** a token when taken, null when another worker holds it */
  abstract acquire(mailboxId: string, ttlMs: number): Promise<string | null>;
  /** false when the lease was lost (expired and taken by another) */
  abstract renew(mailboxId: string, token: string, ttlMs: number): Promise<boolean>;
  abstract release(mailboxId: string, token: string): Promise<void>;
}
