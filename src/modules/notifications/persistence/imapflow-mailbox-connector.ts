import type { Readable } from 'node:stream';
import { ImapFlow } from 'imapflow';
import { ImapSettings } from '../domain/mailbox';
import { FetchedMail, MailboxConnection, MailboxConnector } from '../mailbox-connector.port';
import { Implements } from '../../../common/di/implements';
import { Wake, wakeableSleep } from '../../../common/wakeable-sleep';

const TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 5 * 60_000 };

function clientFor(s: ImapSettings): ImapFlow {
  const client = new ImapFlow({
    host: s.host,
    port: s.port,
    secure: s.secure,
    auth: { user: s.username, pass: s.password },
    logger: false,
    // the server's certificate is checked; STARTTLS is used when offered on a plain port
    ...TIMEOUTS,
  });
  // a dropped connection emits 'error' as well as rejecting the call in progress: it must not crash the process
  client.on('error', () => undefined);
  return client;
}

/** A folder that is missing is an error the ADMIN can act on: say so in words. */
async function openFolder(client: ImapFlow, folder: string) {
  try {
    return await client.mailboxOpen(folder);
  } catch (err) {
    throw Object.assign(err as Error, { mailboxMissing: true });
  }
}

class ImapFlowConnection implements MailboxConnection {
  private wake: Wake | null = null;

  constructor(
    private readonly client: ImapFlow,
    readonly uidValidity: number,
  ) {
    const nudge = () => this.wake?.();
    client.on('exists', nudge);
    client.on('close', nudge);
  }

  get supportsIdle(): boolean {
    return this.client.capabilities.has('IDLE');
  }

  get usable(): boolean {
    return this.client.usable;
  }

  async *fetchAfter(afterUid: number, maxBytes: number): AsyncIterable<FetchedMail> {
    // "N:*" always answers the last message, even below N: keep only what is above the watermark
    const listed: Array<{ uid: number; size: number }> = [];
    for await (const m of this.client.fetch(`${afterUid + 1}:*`, { uid: true, size: true }, { uid: true })) {
      if (m.uid > afterUid) listed.push({ uid: m.uid, size: m.size ?? 0 });
    }
    listed.sort((a, b) => a.uid - b.uid);
    for (const { uid, size } of listed) {
      if (size > maxBytes) {
        yield { uid, size, source: null };
        continue;
      }
      const message = await this.client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
      if (!message || !message.source) continue; // expunged meanwhile
      yield { uid, size, source: message.source };
    }
  }

  async download(uid: number): Promise<Readable> {
    const { content } = await this.client.download(String(uid), undefined, { uid: true });
    if (!content) throw new Error('The message is gone from the folder');
    return content;
  }

  async markImported(uid: number, processedFolder: string | null): Promise<void> {
    await this.client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
    if (processedFolder) await this.client.messageMove(String(uid), processedFolder, { uid: true });
  }

  waitForChange(ms: number): Promise<void> {
    if (!this.client.usable) return Promise.resolve();
    return wakeableSleep(ms, (wake) => (this.wake = wake));
  }

  async close(): Promise<void> {
    this.wake?.();
    try {
      await this.client.logout();
    } catch {
      this.client.close();
    }
  }
}

/** IMAP through imapflow: one connection per served mailbox, IDLE when the server offers it. */
@Implements(MailboxConnector)
export class ImapFlowMailboxConnector extends MailboxConnector {
  async check(settings: ImapSettings): Promise<void> {
    const client = clientFor(settings);
    try {
      await client.connect();
      await openFolder(client, settings.folder);
      if (settings.processedFolder) {
        const status = await client
          .status(settings.processedFolder, { messages: true })
          .catch((err: unknown) => {
            throw Object.assign(err as Error, { mailboxMissing: true });
          });
        if (!status)
          throw Object.assign(new Error('The processed folder does not exist'), { mailboxMissing: true });
      }
    } finally {
      await client.logout().catch(() => client.close());
    }
  }

  async open(settings: ImapSettings): Promise<MailboxConnection> {
    const client = clientFor(settings);
    try {
      await client.connect();
      const mailbox = await openFolder(client, settings.folder);
      return new ImapFlowConnection(client, Number(mailbox.uidValidity));
    } catch (err) {
      client.close();
      throw err;
    }
  }
}
