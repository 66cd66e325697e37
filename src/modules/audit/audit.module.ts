import { Global, Module } from '@nestjs/common';
import { AuditTrail } from '../../common/audit/audit-trail';
import { AuditLogRepository } from './audit-log-repository.port';
import { AuditLogService } from './audit-log.service';
import { AuditTrailRecorder } from './audit-trail.recorder';
import { AuditLogController } from './http/audit-log.controller';
import { SqlAuditLogRepository } from './persistence/sql-audit-log.repository';

/** The audit log: global, so every module records administrative changes through the AuditTrail port. */
@Global()
@Module({
  controllers: [AuditLogController],
  providers: [
    { provide: AuditLogRepository, useClass: SqlAuditLogRepository },
    { provide: AuditTrail, useClass: AuditTrailRecorder },
    AuditLogService,
  ],
  exports: [AuditTrail],
})
export class AuditModule {}
