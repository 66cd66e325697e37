import { lockClause } from '../../../infrastructure/database/sql';
import { isUuid } from '../../../common/ids';
import { Page, PageRequest } from '../../../common/pagination/page';
import {
  ActiveRule,
  NotificationRule,
  RuleChannel,
  RuleConditions,
  RuleRecipient,
} from '../domain/notification-rule';
import {
  NewNotificationRule,
  NotificationRuleChanges,
  NotificationRuleRepository,
} from '../notification-rule-repository.port';
import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { SqlAdapter } from '../../../infrastructure/database/sql-adapter';

interface RuleRow {
  id: string;
  event: string;
  conditions: RuleConditions;
  recipients: RuleRecipient[];
  channels: RuleChannel[];
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

const toRule = (r: RuleRow): NotificationRule => ({
  id: r.id,
  event: r.event,
  conditions: r.conditions ?? {},
  recipients: r.recipients,
  channels: r.channels,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

@SqlAdapter(NotificationRuleRepository)
export class SqlNotificationRuleRepository extends SqlRepository implements NotificationRuleRepository {
  async list(page: PageRequest): Promise<Page<NotificationRule>> {
    const listing = { from: 'FROM notification_rules', orderBy: 'created_at, id' };
    return (await this.paged<RuleRow>(listing, page)).map(toRule);
  }

  async all(): Promise<ActiveRule[]> {
    const rows = await this.rows<RuleRow>(`SELECT * FROM notification_rules ORDER BY created_at, id`);
    return rows.map((r) => {
      const { id, event, conditions, recipients, channels } = toRule(r);
      return { id, event, conditions, recipients, channels };
    });
  }

  async find(id: string, lock = false): Promise<NotificationRule | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.rows<RuleRow>(
      `SELECT * FROM notification_rules WHERE id = $1${lockClause(lock)}`,
      [id],
    );
    return row ? toRule(row) : null;
  }

  async insert(rule: NewNotificationRule): Promise<NotificationRule> {
    const [row] = await this.rows<RuleRow>(
      `INSERT INTO notification_rules (event, conditions, recipients, channels, created_by)
       VALUES ($1, $2::jsonb, $3::jsonb, $4, $5) RETURNING *`,
      [
        rule.event,
        JSON.stringify(rule.conditions),
        JSON.stringify(rule.recipients),
        rule.channels,
        rule.createdBy,
      ],
    );
    return toRule(row);
  }

  async update(id: string, changes: NotificationRuleChanges): Promise<NotificationRule | null> {
    const params: unknown[] = [id];
    const sets: string[] = [];
    const set = (column: string, value: unknown, cast = '') => {
      params.push(value);
      sets.push(`${column} = $${params.length}${cast}`);
    };
    if (changes.event !== undefined) set('event', changes.event);
    if (changes.conditions !== undefined) set('conditions', JSON.stringify(changes.conditions), '::jsonb');
    if (changes.recipients !== undefined) set('recipients', JSON.stringify(changes.recipients), '::jsonb');
    if (changes.channels !== undefined) set('channels', changes.channels);
    sets.push('updated_at = now()');
    const [row] = await this.rows<RuleRow>(
      `UPDATE notification_rules SET ${sets.join(', ')} WHERE id = $1 RETURNING *`,
      params,
    );
    return row ? toRule(row) : null;
  }

  async remove(id: string): Promise<boolean> {
    const rows = await this.rows(`DELETE FROM notification_rules WHERE id = $1 RETURNING id`, [id]);
    return rows.length > 0;
  }

  async activeUsers(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.rows<{ id: string }>(
      `SELECT id FROM users WHERE id = ANY($1::uuid[]) AND is_active`,
      [[...new Set(ids)]],
    );
    return new Set(rows.map((r) => r.id));
  }

  async activeDepartmentExists(id: string): Promise<boolean> {
    const rows = await this.rows(`SELECT 1 FROM departments WHERE id = $1 AND is_active`, [id]);
    return rows.length > 0;
  }
}
