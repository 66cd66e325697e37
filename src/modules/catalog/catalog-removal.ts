import { AuditEntityType, AuditTrail } from '../../common/audit/audit-trail';
import { Transaction } from '../../common/unit-of-work';

export type Removal = 'deleted' | 'deactivated';

/** The writes a removal needs of a catalog repository (categories; service items are only ever deactivated). */
export interface Removable<T> {
  isReferenced(id: string): Promise<boolean>;
  update(id: string, changes: { isActive: false }): Promise<T | null>;
  delete(id: string): Promise<void>;
}

/**
 * Deletes `before` when nothing refers to it; deactivates it when something does (tickets keep their references),
 * recording which in the audit log. Call it with the row locked, so references being added meanwhile wait.
 */
export async function removeOrDeactivate<T extends { id: string }>(
  tx: Transaction,
  audit: AuditTrail,
  entityType: AuditEntityType,
  rows: Removable<T>,
  before: T,
): Promise<Removal> {
  if (await rows.isReferenced(before.id)) {
    const after = await rows.update(before.id, { isActive: false });
    await audit.changed(tx, entityType, 'deactivated', before, after);
    return 'deactivated';
  }
  await rows.delete(before.id);
  await audit.deleted(tx, entityType, before);
  return 'deleted';
}
