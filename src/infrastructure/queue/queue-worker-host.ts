import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';

/** How often one worker reports that it cannot reach Redis while the outage lasts. */
export const WORKER_ERROR_REPORT_INTERVAL_MS = 30_000;

/**
 * The base of every queue consumer: a BullMQ worker that loses Redis emits 'error' on each reconnect attempt, and
 * without a listener BullMQ writes each one to the console (and an EventEmitter without one may throw). Here they go
 * to the log, at most once per interval per consumer, with the count of those held back; readiness and the queue
 * metrics already say that Redis is away.
 */
export abstract class QueueWorkerHost extends WorkerHost {
  private readonly workerLog = new Logger(this.constructor.name);
  private lastReportAt = -Infinity;
  private heldBack = 0;

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
