import { CatalogReferences } from '../catalog-references.port';
import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { SqlAdapter } from '../../../infrastructure/database/sql-adapter';

@SqlAdapter(CatalogReferences)
export class SqlCatalogReferences extends SqlRepository implements CatalogReferences {
  async activeDepartmentExists(departmentId: string): Promise<boolean> {
    const rows = await this.rows(`SELECT 1 FROM departments WHERE id = $1 AND is_active`, [departmentId]);
    return rows.length > 0;
  }

  async activeUsers(userIds: readonly string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows = await this.rows<{ id: string }>(
      `SELECT id FROM users WHERE id = ANY($1::uuid[]) AND is_active`,
      [[...userIds]],
    );
    return new Set(rows.map((r) => r.id));
  }
}
