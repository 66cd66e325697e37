import { Logger } from '@nestjs/common';
import { Queue } from 'bullmq';

type Repeat = Parameters<Queue['upsertJobScheduler']>[1];
type Template = NonNullable<Parameters<Queue['upsertJobScheduler']>[2]>;

const RETRY_MS = 5000;
/** how often a registered scheduler is checked for: a Redis that came back empty has forgotten it */
const CHECK_MS = 30_000;

/**
 * Upserts a BullMQ job scheduler without holding up the boot: a process whose Redis is away still starts, and the
 * scheduler is registered as soon as Redis answers, retried every few seconds until then. Once registered, it is
 * looked for every 30 s and registered again if Redis lost it (a failover to a replica without the data), so the
 * periodic job never stops for good. Call `stop` on shutdown.
 */
export class BackgroundScheduler {
  private stopped = false;
  private retry?: NodeJS.Timeout;
  private check?: NodeJS.Timeout;

  constructor(
    private readonly queue: Queue,
    private readonly id: string,
    private readonly logger: Logger,
    private readonly checkMs = CHECK_MS,
  ) {}

  start(repeat: Repeat, template: Template): void {
    void this.upsert(repeat, template);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    clearInterval(this.check);
  }

  private async upsert(repeat: Repeat, template: Template): Promise<void> {
    if (this.stopped) return;
    try {
      // the connection first: BullMQ's jobScheduler getter awaits the client inside `new Promise(async …)`, so a
      // start-up that fails there (a close landing while a connection attempt is under way) rejects a promise nobody
      // holds and escapes as an unhandled rejection; awaited here, that failure is caught below
      await this.queue.waitUntilReady();
      if (this.stopped) return;
      await this.queue.upsertJobScheduler(this.id, repeat, template);
    } catch (err) {
      if (this.stopped) return;
      this.logger.warn(`${this.id} scheduler not registered yet: ${(err as Error).message}`);
      this.retry = setTimeout(() => void this.upsert(repeat, template), RETRY_MS);
      return;
    }
    if (this.check || this.stopped) return;
    this.check = setInterval(() => void this.ensure(repeat, template), this.checkMs);
    this.check.unref();
  }

  private async ensure(repeat: Repeat, template: Template): Promise<void> {
    if (this.stopped) return;
    try {
      if (await this.queue.getJobScheduler(this.id)) return;
      this.logger.warn(`${this.id} scheduler was lost (Redis came back empty): registering it again`);
      await this.queue.upsertJobScheduler(this.id, repeat, template);
    } catch {
      // Redis is away: the next check tries again
    }
  }
}
