import { AuditEntry } from '../domain/audit-entry';
import { AuditEntryResponseDto } from './audit-log.dto';

export const toAuditEntryResponse = (e: AuditEntry): AuditEntryResponseDto => ({
  id: e.id,
  actorId: e.actorId,
  action: e.action,
  entityType: e.entityType,
  entityId: e.entityId,
  before: e.before,
  after: e.after,
  at: e.at.toISOString(),
  requestId: e.requestId,
});
