import { Transaction } from '../../../common/unit-of-work';
import { SqlParams } from '../../../infrastructure/database/sql';
import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { AuditLogRepository, AuditSlice, NewAuditEntry } from '../audit-log-repository.port';
import { AuditCursor, AuditEntry, AuditFilter } from '../domain/audit-entry';
import { SqlAdapter } from '../../../infrastructure/database/sql-adapter';

interface AuditRow {
  id: string;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before: unknown;
  after: unknown;
  at: Date;
  at_text: string;
  request_id: string | null;
}

const toEntry = (row: AuditRow): AuditEntry => ({
  id: row.id,
  actorId: row.actor_id,
  action: row.action,
  entityType: row.entity_type,
  entityId: row.entity_id,
  before: row.before,
  after: row.after,
  at: row.at,
  requestId: row.request_id,
});

// the cursor keeps PostgreSQL's microseconds, which a JS Date would drop
const COLUMNS = `id, actor_id, action, entity_type, entity_id, before, after, at, request_id,
  to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_text`;

@SqlAdapter(AuditLogRepository)
export class SqlAuditLogRepository extends SqlRepository implements AuditLogRepository {
  async append(tx: Transaction, e: NewAuditEntry): Promise<void> {
    await this.rows(
      `INSERT INTO audit_log (actor_id, action, entity_type, entity_id, before, after, request_id)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7)`,
      [
        e.actorId,
        e.action,
        e.entityType,
        e.entityId,
        JSON.stringify(e.before ?? null),
        JSON.stringify(e.after ?? null),
        e.requestId,
      ],
      tx,
    );
  }

  async list(filter: AuditFilter, limit: number, position: AuditCursor | number): Promise<AuditSlice> {
    const p = new SqlParams();
    const add = (value: unknown): string => p.add(value);
    const where: string[] = [];
    if (filter.entityType !== undefined) where.push(`entity_type = ${add(filter.entityType)}`);
    if (filter.entityId !== undefined) where.push(`entity_id = ${add(filter.entityId)}`);
    if (filter.actorId !== undefined) where.push(`actor_id = ${add(filter.actorId)}::uuid`);
    if (filter.from !== undefined) where.push(`at >= ${add(filter.from)}`);
    // timestamps in answers have milliseconds, stored ones microseconds: `to` takes in its whole millisecond
    if (filter.to !== undefined) where.push(`at < ${add(filter.to)}::timestamptz + interval '1 millisecond'`);
    const filtered = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const countParams = [...p.values];

    const pageWhere = [...where];
    let offset = 0;
    if (typeof position === 'number') offset = position;
    else pageWhere.push(`(at, id) < (${add(position.at)}::timestamptz, ${add(position.id)}::uuid)`);
    const pageSql = `SELECT ${COLUMNS} FROM audit_log ${pageWhere.length > 0 ? `WHERE ${pageWhere.join(' AND ')}` : ''}
      ORDER BY at DESC, id DESC LIMIT ${add(limit + 1)} OFFSET ${add(offset)}`;

    const [rows, [{ total }]] = await Promise.all([
      this.rows<AuditRow>(pageSql, p.values),
      this.rows<{ total: number }>(`SELECT count(*)::int AS total FROM audit_log ${filtered}`, countParams),
    ]);
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      entries: page.map(toEntry),
      total,
      next: more && last ? { at: last.at_text, id: last.id } : null,
    };
  }
}
