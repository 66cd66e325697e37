import { Transaction } from '../unit-of-work';

/** What kind of thing an administrative change touched; `GET /admin/audit-log?entityType=` filters on it. */
export type AuditEntityType =
  | 'user'
  | 'staff'
  | 'department'
  | 'team'
  | 'webhook'
  | 'service_category'
  | 'service_item'
  | 'ticket_template'
  | 'macro'
  | 'saved_view'
  | 'notification_rule'
  | 'sla_policy'
  | 'business_calendar'
  | 'approval'
  | 'mailbox'
  | 'setting';

export interface AuditChange {
  /** `<entityType>.<verb>`, e.g. `department.created`, `user.deactivated` */
  action: string;
  entityType: AuditEntityType;
  entityId: string;
  /** the entity as it was (null when created) and as it is now (null when deleted); secrets are redacted on write */
  before: object | null;
  after: object | null;
  /** who made the change; defaults to the caller of the request being served (null for the system) */
  actorId?: string | null;
}

/**
 * The append-only audit log of administrative changes. Call it inside the change's own transaction (pass the handle
 * `UnitOfWork.run` gives): the entry commits or rolls back with the change. Secrets (passwords, hashes, tokens,
 * secrets) in `before`/`after` are redacted before anything is stored; the request id is taken from the request.
 */
export abstract class AuditTrail {
  abstract record(tx: Transaction, change: AuditChange): Promise<void>;

  /**
   * Records `<entityType>.<verb>` of the entity that was `before` and is now `after` (its id from whichever is
   * there); `actorId` as in AuditChange.
   */
  changed(
    tx: Transaction,
    entityType: AuditEntityType,
    verb: string,
    before: Audited | null,
    after: Audited | null,
    actorId?: string | null,
  ): Promise<void> {
    const entityId = (after ?? before)!.id;
    return this.record(tx, { action: `${entityType}.${verb}`, entityType, entityId, before, after, actorId });
  }

  /** `<entityType>.created` of `after`. */
  created(
    tx: Transaction,
    entityType: AuditEntityType,
    after: Audited,
    actorId?: string | null,
  ): Promise<void> {
    return this.changed(tx, entityType, 'created', null, after, actorId);
  }

  /** `<entityType>.updated` from `before` to `after`. */
  updated(
    tx: Transaction,
    entityType: AuditEntityType,
    before: Audited,
    after: Audited,
    actorId?: string | null,
  ): Promise<void> {
    return this.changed(tx, entityType, 'updated', before, after, actorId);
  }

  /** `<entityType>.deleted` of `before`. */
  deleted(
    tx: Transaction,
    entityType: AuditEntityType,
    before: Audited,
    actorId?: string | null,
  ): Promise<void> {
    return this.changed(tx, entityType, 'deleted', before, null, actorId);
  }
}

/** An entity the helpers record: its id names the entry. */
export interface Audited {
  id: string;
}
