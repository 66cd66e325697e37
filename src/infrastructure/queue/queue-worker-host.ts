import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnModuleDestroy } from '@nestjs/common';

/** How often one worker reports that it cannot reach Redis while the outage lasts. */
export const WORKER_ERROR_REPORT_INTERVAL_MS = 30_000;

/**
 * The base of every queue consumer: a BullMQ worker that loses Redis emits 'error' on each reconnect attempt, and
 * without a listener BullMQ writes each one to the console (and an EventEmitter without one may throw). Here they go
 * to the log, at most once per interval per consumer, with the count of those held back; readiness and the queue
 * metrics already say that Redis is away.
 *
 * On shutdown the worker stops taking jobs and waits for the ones it runs in the first shutdown phase
 * (`onModuleDestroy`), before any provider closes what those jobs use (the SMTP pool, the database) in a later one;
 * left to @nestjs/bullmq, workers close last, after a mail job could already find its SMTP pool closed.
 */
export abstract class QueueWorkerHost extends WorkerHost implements OnModuleDestroy {
  private readonly workerLog = new Logger(this.constructor.name);
  private lastReportAt = -Infinity;
  private heldBack = 0;

  async onModuleDestroy(): Promise<void> {
    try {
      await this.worker.close();
    } catch {
      // never started (no worker in this process): nothing to wait for
    }
  }

  @OnWorkerEvent('error')
  onWorkerError(error: Error): void {
    const now = Date.now();
    if (now - this.lastReportAt < WORKER_ERROR_REPORT_INTERVAL_MS) {
      this.heldBack++;
      return;
    }
    this.workerLog.warn({ error: error.message, heldBack: this.heldBack }, 'queue worker cannot reach Redis');
    this.lastReportAt = now;
    this.heldBack = 0;
  }
}
