import { Injectable, Logger } from '@nestjs/common';
import { MetricsService } from '../../infrastructure/metrics/metrics.service';
import { AuthEvent } from './domain/auth-event';

/** Logs each auth event as a structured line and counts it; callers pass ids only, never secrets. */
@Injectable()
export class AuthAudit {
  private readonly logger = new Logger('Auth');
  private readonly counter;

  constructor(metrics: MetricsService) {
    this.counter = metrics.counter('auth_events_total', 'Authentication events', ['event']);
  }

  record(
    event: AuthEvent,
    fields: { userId?: string; reason?: string; emailHash?: string; ip?: string } = {},
  ): void {
    this.counter.inc({ event });
    const warn =
      event === AuthEvent.REFRESH_REUSE_DETECTED ||
      event === AuthEvent.LOGIN_RATE_LIMITED ||
      event === AuthEvent.LOGIN_LOCKOUT_BYPASSED ||
      event === AuthEvent.LOGIN_FAILED;
    if (warn) this.logger.warn({ event, ...fields }, `auth ${event}`);
    else this.logger.log({ event, ...fields }, `auth ${event}`);
  }
}
