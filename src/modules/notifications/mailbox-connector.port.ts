import type { Readable } from 'node:stream';
import { ImapSettings } from './domain/mailbox';

/** One fetched message: its UID and its raw RFC 822 bytes (null when over the size limit, not downloaded). */
export interface FetchedMail {
  uid: number;
  source: Buffer | null;
  size: number;
}

/** An open IMAP session on a mailbox's folder. */
export interface MailboxConnection {
  readonly uidValidity: number;
  /** whether the server pushes new mail (IDLE); else the worker polls */
  readonly supportsIdle: boolean;
  /** messages with a UID above `afterUid`, in UID order, `maxBytes` the largest downloaded */
  fetchAfter(afterUid: number, maxBytes: number): AsyncIterable<FetchedMail>;
  /** the raw bytes of one message as a stream (for a mail too large to hold in memory) */
  download(uid: number): Promise<Readable>;
  /** flags it \Seen, and moves it to `processedFolder` when set */
  markImported(uid: number, processedFolder: string | null): Promise<void>;
  /** resolves when the server says the folder changed, or after `ms`, or when the connection ends */
  waitForChange(ms: number): Promise<void>;
  /** true while the connection is usable */
  readonly usable: boolean;
  close(): Promise<void>;
}

/** Talks IMAP (imapflow, in persistence/). */
export abstract class MailboxConnector {
  /** logs in and opens the folder (and checks the processed folder), then leaves; throws what the server said */
  abstract check(settings: ImapSettings): Promise<void>;
  abstract open(settings: ImapSettings): Promise<MailboxConnection>;
}
