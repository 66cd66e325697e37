import { Transaction } from '../../common/unit-of-work';
import { AuditCursor, AuditEntry, AuditFilter } from './domain/audit-entry';

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'>;

export interface AuditSlice {
  entries: AuditEntry[];
  total: number;
  /** position after the last entry, when more follow */
  next: AuditCursor | null;
}

/** Port for the append-only audit_log table: inserts and reads, nothing else (the database refuses the rest). */
export abstract class AuditLogRepository {
  abstract append(tx: Transaction, entry: NewAuditEntry): Promise<void>;
  /** newest first; after `cursor` when given, else skipping `offset` rows */
  abstract list(filter: AuditFilter, limit: number, position: AuditCursor | number): Promise<AuditSlice>;
}
