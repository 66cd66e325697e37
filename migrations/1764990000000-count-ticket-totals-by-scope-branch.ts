import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A staff member's list total is counted per branch of their scope (ticket-scope.sql.ts, `scopeBranches`): their
 * department's non-restricted tickets, then those assigned to them outside it, then the rest. Each branch gets an
 * index-only range of its own instead of one scan of every ticket with the filtered statuses and priorities:
 * - `tickets_department_status_priority_idx`: the department's tickets by status and priority, restricted ones left
 *   out (the scope never reads them through the department). At a million tickets, `OPEN,IN_PROGRESS` × `HIGH` for
 *   the busiest department is about 6,000 entries, where the whole status × priority range was 33,000.
 * - `tickets_assignee_idx` gains `priority` and `visibility` after its key, so the assignee's branch filters on
 *   priority and tests the department in the index. Its prefix, which the agents report and the least-loaded
 *   assignment read, is unchanged; all key columns, so B-tree deduplication still applies.
 * - `tickets_status_priority_scope_idx` (status, priority) INCLUDE (the scope's columns), which counted the old way,
 *   is no longer read by any list total and goes: the number of indexes on tickets stays the same.
 */
export class CountTicketTotalsByScopeBranch1764990000000 implements MigrationInterface {
  name = 'CountTicketTotalsByScopeBranch1764990000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX tickets_department_status_priority_idx ON tickets (department_id, status, priority)
      WHERE visibility = 'INTERNAL'`);
    await q.query(`DROP INDEX tickets_assignee_idx`);
    await q.query(`CREATE INDEX tickets_assignee_idx
      ON tickets (assignee_id, status, department_id, priority, visibility) WHERE assignee_id IS NOT NULL`);
    await q.query(`DROP INDEX tickets_status_priority_scope_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX tickets_status_priority_scope_idx ON tickets (status, priority)
      INCLUDE (department_id, visibility, requester_id, assignee_id, id)`);
    await q.query(`DROP INDEX tickets_assignee_idx`);
    await q.query(`CREATE INDEX tickets_assignee_idx ON tickets (assignee_id, status, department_id)
      WHERE assignee_id IS NOT NULL`);
    await q.query(`DROP INDEX tickets_department_status_priority_idx`);
  }
}
