import { Global, Module } from '@nestjs/common';
import { AuditTrail } from '../../common/audit/audit-trail';
import { AuditLogService } from './audit-log.service';
import { AuditTrailRecorder } from './audit-trail.recorder';
import { AuditLogController } from './http/audit-log.controller';
import { SqlAuditLogRepository } from './persistence/sql-audit-log.repository';
import { adapters } from '../../common/di/implements';

/** The audit log: global, so every module records administrative changes through the AuditTrail port. */
@Global()
@Module({
  controllers: [AuditLogController],
  providers: [...adapters(SqlAuditLogRepository, AuditTrailRecorder), AuditLogService],
  exports: [AuditTrail],
})
export class AuditModule {}
