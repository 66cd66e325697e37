import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule } from './core.module';
import { MailConsumerModule, MailModule } from './infrastructure/mail/mail.module';
import { OutboxRelayModule } from './infrastructure/outbox/outbox-relay.module';
import { AuditModule } from './modules/audit/audit.module';
import { HousekeepingModule } from './modules/housekeeping/housekeeping.module';
import { MailboxWorkerModule } from './modules/notifications/mailbox-worker.module';
import { NotificationsWorkerModule } from './modules/notifications/notifications-worker.module';
import { OrgModule } from './modules/org/org.module';
import { SlaWorkerModule } from './modules/sla/sla-worker.module';

/** The worker's consumer modules; each feature that consumes jobs adds its module here. */
export const CONSUMER_MODULES = [
  AuditModule,
  OrgModule,
  MailModule,
  MailConsumerModule,
  OutboxRelayModule,
  NotificationsWorkerModule,
  MailboxWorkerModule,
  HousekeepingModule,
  SlaWorkerModule,
];

/** The worker process; the api imports CONSUMER_MODULES itself when WORKER_IN_PROCESS=true. */
@Module({})
export class WorkerModule {
  /** The standalone worker process: core infrastructure plus the consumers. */
  static forRoot(): DynamicModule {
    return { module: WorkerModule, imports: [CoreModule.forRoot(), ...CONSUMER_MODULES] };
  }
}
