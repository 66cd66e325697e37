import { AuditChange, AuditTrail } from '../../common/audit/audit-trail';
import { currentRequestContext } from '../../common/request-context';
import { Transaction } from '../../common/unit-of-work';
import { AuditLogRepository } from './audit-log-repository.port';
import { redactSecrets } from './domain/redact';
import { Implements } from '../../common/di/implements';

/** The audit port's implementation: redacts, names the request and its caller, appends in the caller's transaction. */
@Implements(AuditTrail)
export class AuditTrailRecorder extends AuditTrail {
  constructor(private readonly log: AuditLogRepository) {
    super();
  }

  async record(tx: Transaction, change: AuditChange): Promise<void> {
    const context = currentRequestContext();
    await this.log.append(tx, {
      actorId: change.actorId !== undefined ? change.actorId : (context?.actorId ?? null),
      action: change.action,
      entityType: change.entityType,
      entityId: change.entityId,
      before: redactSecrets(change.before),
      after: redactSecrets(change.after),
      requestId: context?.requestId ?? null,
    });
  }
}
