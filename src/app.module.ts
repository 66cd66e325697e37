import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { AllExceptionsFilter } from './common/http/all-exceptions.filter';
import { EnvelopeInterceptor } from './common/http/envelope.interceptor';
import { RequestContextInterceptor } from './common/http/request-context.interceptor';
import { AppValidationPipe } from './common/http/validation';
import { environment } from './config/configuration';
import { CoreModule } from './core.module';
import { OperationsModule } from './infrastructure/health/operations.module';
import { MailModule } from './infrastructure/mail/mail.module';
import { ApiRateLimitGuard } from './infrastructure/rate-limit/api-rate-limit.guard';
import { RateLimitModule } from './infrastructure/rate-limit/rate-limit.module';
import { OutboxModule } from './infrastructure/outbox/outbox.module';
import { StorageModule } from './infrastructure/storage/storage.module';
import { AuthModule } from './modules/auth/auth.module';
import { TicketsModule } from './modules/tickets/tickets.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { AssignmentModule } from './modules/assignment/assignment.module';
import { AuditModule } from './modules/audit/audit.module';
import { AutomationModule } from './modules/automation/automation.module';
import { CatalogModule } from './modules/catalog/catalog.module';
import { ApprovalsModule } from './modules/approvals/approvals.module';
import { JobsModule } from './modules/jobs/jobs.module';
import { JwtAuthGuard, RolesGuard } from './modules/auth/http/guards';
import { OrgModule } from './modules/org/org.module';
import { RealtimeModule } from './modules/realtime/realtime.module';
import { SlaModule } from './modules/sla/sla.module';
import { ReportsModule } from './modules/reports/reports.module';
import { CONSUMER_MODULES } from './worker.module';

export interface AppModuleOptions {
  /** run the worker's consumers in this process (default: WORKER_IN_PROCESS) */
  withWorker?: boolean;
}

/** The api process: HTTP routes under /api/v1, operational routes, and optionally the worker's consumers. */
@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions = {}): DynamicModule {
    const withWorker = options.withWorker ?? environment().WORKER_IN_PROCESS;
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(),
        OperationsModule,
        RateLimitModule,
        MailModule,
        OutboxModule,
        StorageModule,
        AuditModule,
        OrgModule,
        AuthModule,
        TicketsModule,
        NotificationsModule,
        AssignmentModule,
        AutomationModule,
        CatalogModule,
        ApprovalsModule,
        RealtimeModule,
        JobsModule,
        SlaModule,
        ReportsModule,
        ...(withWorker ? CONSUMER_MODULES : []),
      ],
      providers: [
        // guards run in this order: who is calling, may their role use the route, are they within their rate
        { provide: APP_GUARD, useExisting: JwtAuthGuard },
        { provide: APP_GUARD, useExisting: RolesGuard },
        { provide: APP_GUARD, useClass: ApiRateLimitGuard },
        { provide: APP_PIPE, useClass: AppValidationPipe },
        { provide: APP_INTERCEPTOR, useClass: RequestContextInterceptor },
        { provide: APP_INTERCEPTOR, useClass: EnvelopeInterceptor },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}
