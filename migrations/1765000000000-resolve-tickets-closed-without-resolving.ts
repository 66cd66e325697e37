import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A ticket closed straight from PENDING_USER is resolved when it is closed: its SLA resolution target was decided
 * then, and from now on its `resolved_at` is stamped with `closed_at`, so the reports' resolved figures
 * (resolvedPerDay, resolutionMinutes, the agents' resolved) count the same tickets as their resolution compliance.
 * Tickets closed that way before have no `resolved_at`: they get their `closed_at`. A duplicate closed by a merge is
 * not resolved by it; one that was never resolved had its resolution decided by the merge all the same, and goes
 * back to undecided (a breach marked before still counts as missed).
 */
export class ResolveTicketsClosedWithoutResolving1765000000000 implements MigrationInterface {
  name = 'ResolveTicketsClosedWithoutResolving1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE tickets SET resolved_at = closed_at
      WHERE status = 'CLOSED' AND resolved_at IS NULL AND merged_into_id IS NULL AND closed_at IS NOT NULL`);
    await q.query(`UPDATE tickets SET resolution_met = NULL
      WHERE status = 'CLOSED' AND merged_into_id IS NOT NULL AND resolved_at IS NULL AND resolution_met IS NOT NULL`);
  }

  async down(): Promise<void> {
    // a correction of stored figures: the values it replaced were inconsistent, and there is nothing to restore
  }
}
