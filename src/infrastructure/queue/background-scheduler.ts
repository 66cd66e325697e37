import { Logger } from '@nestjs/common';
import { Queue } from 'bullmq';

type Repeat = Parameters<Queue['upsertJobScheduler']>[1];
type Template = NonNullable<Parameters<Queue['upsertJobScheduler']>[2]>;

const RETRY_MS = 5000;

/**
 * Upserts a BullMQ job scheduler without holding up the boot: a process whose Redis is away still starts, and the
 * scheduler is registered as soon as Redis answers, retried every few seconds until then. Call `stop` on shutdown.
 */
export class BackgroundScheduler {
  private stopped = false;
  private retry?: NodeJS.Timeout;

  constructor(
    private readonly queue: Queue,
    private readonly id: string,
    private readonly logger: Logger,
  ) {}

  start(repeat: Repeat, template: Template): void {
    void this.upsert(repeat, template);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
  }

  private async upsert(repeat: Repeat, template: Template): Promise<void> {
    if (this.stopped) return;
    try {
      await this.queue.upsertJobScheduler(this.id, repeat, template);
    } catch (err) {
      if (this.stopped) return;
      this.logger.warn(`${this.id} scheduler not registered yet: ${(err as Error).message}`);
      this.retry = setTimeout(() => void this.upsert(repeat, template), RETRY_MS);
    }
  }
}
