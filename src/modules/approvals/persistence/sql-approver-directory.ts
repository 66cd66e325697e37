import { ApproverDirectory } from '../approver-directory.port';
import { ResolutionFacts } from '../domain/approval';
import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { SqlAdapter } from '../../../infrastructure/database/sql-adapter';

@SqlAdapter(ApproverDirectory)
export class SqlApproverDirectory extends SqlRepository implements ApproverDirectory {
  async resolutionFacts(
    requesterId: string,
    itemDepartmentId: string | null,
    namedUserIds: readonly string[],
  ): Promise<ResolutionFacts> {
    // one after another: inside a transaction they share one connection
    const named = await this.ids(`SELECT id FROM users WHERE id = ANY($1::uuid[]) AND is_active`, [
      [...namedUserIds],
    ]);
    const requesterLeads = await this.ids(
      `SELECT u.id FROM staff_profiles me
         JOIN staff_profiles s ON s.department_id = me.department_id
         JOIN users u ON u.id = s.user_id AND u.role = 'TEAM_LEAD' AND u.is_active
        WHERE me.user_id = $1 ORDER BY u.id`,
      [requesterId],
    );
    const itemLeads = itemDepartmentId ? await this.leadsOf(itemDepartmentId) : [];
    const admins = await this.ids(`SELECT id FROM users WHERE role = 'ADMIN' AND is_active ORDER BY id`);
    return {
      requesterId,
      activeUsers: new Set(named),
      requesterDepartmentLeads: requesterLeads,
      itemDepartmentLeads: itemLeads,
      activeAdmins: admins,
    };
  }

  async isActiveUser(userId: string): Promise<boolean> {
    return (await this.ids(`SELECT id FROM users WHERE id = $1 AND is_active`, [userId])).length === 1;
  }

  async activeDelegatorsOf(delegateId: string): Promise<Set<string>> {
    const ids = await this.ids(
      `SELECT d.delegator_id AS id FROM approval_delegations d JOIN users u ON u.id = d.delegator_id AND u.is_active
        WHERE d.delegate_id = $1 AND d.starts_at <= now() AND d.ends_at > now()`,
      [delegateId],
    );
    return new Set(ids);
  }

  async activeDelegatesOf(userIds: readonly string[]): Promise<string[]> {
    if (userIds.length === 0) return [];
    return this.ids(
      `SELECT DISTINCT d.delegate_id AS id FROM approval_delegations d
         JOIN users du ON du.id = d.delegator_id AND du.is_active
         JOIN users dd ON dd.id = d.delegate_id AND dd.is_active
        WHERE d.delegator_id = ANY($1::uuid[]) AND d.starts_at <= now() AND d.ends_at > now()`,
      [[...userIds]],
    );
  }

  private leadsOf(departmentId: string): Promise<string[]> {
    return this.ids(
      `SELECT u.id FROM staff_profiles s JOIN users u ON u.id = s.user_id AND u.role = 'TEAM_LEAD' AND u.is_active
        WHERE s.department_id = $1 ORDER BY u.id`,
      [departmentId],
    );
  }

  private async ids(sql: string, params: unknown[] = []): Promise<string[]> {
    return (await this.rows<{ id: string }>(sql, params)).map((r) => r.id);
  }
}
