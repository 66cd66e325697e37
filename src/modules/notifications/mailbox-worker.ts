import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { mailboxConfig } from '../../config/configuration';
import { MetricsService } from '../../infrastructure/metrics/metrics.service';
import { describeImapError, reconnectDelayMs } from './domain/mailbox';
import { MailboxConnection, MailboxConnector } from './mailbox-connector.port';
import { MailboxLease } from './mailbox-lease.port';
import { MailboxSyncService } from './mailbox-sync.service';
import { MailboxRepository } from './mailbox-repository.port';
import { Wake, wakeableSleep } from '../../common/wakeable-sleep';

/** A worker that dies keeps its mailboxes this long at most; a live one renews every third of it. */
const LEASE_TTL_MS = 30_000;

/** One mailbox served by this worker: a connection, its lease, and the loop that imports and waits. */
class MailboxSession {
  private stopped = false;
  private connection: MailboxConnection | null = null;
  private wakeSleep: Wake | null = null;
  private renewal: NodeJS.Timeout;
  readonly done: Promise<void>;

  constructor(
    readonly mailboxId: string,
    readonly version: number,
    private readonly token: string,
    private readonly deps: {
      lease: MailboxLease;
      connector: MailboxConnector;
      sync: MailboxSyncService;
      mailboxes: MailboxRepository;
      pollMs: number;
      logger: Logger;
      errors: { inc(labels: { mailbox: string }): void };
    },
  ) {
    this.renewal = setInterval(() => void this.renew(), LEASE_TTL_MS / 3);
    this.done = this.run().finally(() => clearInterval(this.renewal));
  }

  private async renew(): Promise<void> {
    try {
      if (!(await this.deps.lease.renew(this.mailboxId, this.token, LEASE_TTL_MS))) {
        this.deps.logger.warn({ mailboxId: this.mailboxId }, 'mailbox lease lost: another worker serves it');
        void this.stop();
      }
    } catch {
      // Redis unreachable for a moment: the lease outlives a short blip, a long one ends it and the loop stops
    }
  }

  private serving = (): boolean => !this.stopped;

  private async run(): Promise<void> {
    const { connector, sync, mailboxes, pollMs, logger } = this.deps;
    let failures = 0;
    while (!this.stopped) {
      let password: string | undefined; // left out of the error text where the server's words hold it
      try {
        const first = await mailboxes.findForSync(this.mailboxId);
        if (!first || !first.active) break;
        const settings = sync.settingsOf(first);
        password = settings.password;
        this.connection = await connector.open(settings);
        failures = 0;
        logger.log({ mailboxId: this.mailboxId, idle: this.connection.supportsIdle }, 'mailbox connected');
        while (!this.stopped && this.connection.usable) {
          const mailbox = await mailboxes.findForSync(this.mailboxId);
          if (!mailbox || !mailbox.active || mailbox.version !== this.version) return;
          await sync.importNew(mailbox, this.connection, this.serving);
          if (this.stopped) break;
          await this.connection.waitForChange(pollMs);
        }
        if (!this.stopped) throw new Error('The server closed the connection');
      } catch (err) {
        if (this.stopped) break;
        failures += 1;
        const error = describeImapError(err, password);
        this.deps.errors.inc({ mailbox: this.mailboxId });
        logger.warn({ mailboxId: this.mailboxId, error, failures }, 'mailbox connection failed');
        await mailboxes.recordError(this.mailboxId, error).catch(() => undefined);
        await this.sleep(reconnectDelayMs(failures));
      } finally {
        await this.connection?.close().catch(() => undefined);
        this.connection = null;
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return wakeableSleep(ms, (wake) => (this.wakeSleep = wake));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeSleep?.();
    await this.connection?.close().catch(() => undefined);
    await this.done;
    await this.deps.lease.release(this.mailboxId, this.token).catch(() => undefined);
  }
}

/**
 * Serves the active mailboxes: every MAILBOX_SCAN_MS it takes the lease of each active mailbox nobody serves (so a
 * stopped or dead worker's mailboxes move to another) and ends the sessions of mailboxes deactivated, deleted or
 * changed (a changed one is picked up again with its new settings).
 */
@Injectable()
export class MailboxWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('MailboxWorker');
  private readonly sessions = new Map<string, MailboxSession>();
  private timer: NodeJS.Timeout | null = null;
  private scanning: Promise<void> | null = null;
  private closed = false;
  private readonly errors;

  constructor(
    metrics: MetricsService,
    private readonly mailboxes: MailboxRepository,
    private readonly lease: MailboxLease,
    private readonly connector: MailboxConnector,
    private readonly sync: MailboxSyncService,
    @Inject(mailboxConfig.KEY) private readonly config: ConfigType<typeof mailboxConfig>,
  ) {
    const help = 'Failed IMAP connections, per mailbox';
    this.errors = metrics.counter('mailbox_connection_failures_total', help, ['mailbox']);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.scan(), this.config.scanMs);
    void this.scan();
  }

  /** Exposed for the worker's own use; overlapping scans are folded into one. */
  scan(): Promise<void> {
    this.scanning ??= this.scanOnce()
      .catch((err: unknown) => {
        this.logger.warn({ err: (err as Error).message }, 'mailbox scan failed');
      })
      .finally(() => (this.scanning = null));
    return this.scanning;
  }

  private async scanOnce(): Promise<void> {
    if (this.closed) return;
    const active = new Map((await this.mailboxes.activeIds()).map((m) => [m.id, m.version] as const));
    for (const [id, session] of this.sessions) {
      if (active.get(id) !== session.version) {
        this.sessions.delete(id);
        await session.stop();
      }
    }
    for (const [id, version] of active) {
      if (this.closed || this.sessions.has(id)) continue;
      const token = await this.lease.acquire(id, LEASE_TTL_MS);
      if (!token) continue; // another worker serves it
      const session = new MailboxSession(id, version, token, {
        lease: this.lease,
        connector: this.connector,
        sync: this.sync,
        mailboxes: this.mailboxes,
        pollMs: this.config.pollSeconds * 1000,
        logger: this.logger,
        errors: this.errors,
      });
      this.sessions.set(id, session);
      // a session that ends by itself (mailbox gone) frees its place for the next scan
      void session.done.finally(() => {
        if (this.sessions.get(id) === session) {
          this.sessions.delete(id);
          void this.lease.release(id, token).catch(() => undefined);
        }
      });
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.scanning;
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(sessions.map((s) => s.stop()));
  }
}
