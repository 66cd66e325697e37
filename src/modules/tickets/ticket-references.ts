/** Checks on ids a ticket refers to (departments, teams, users), answered from the organisation's data. */
export abstract class TicketReferences {
  abstract activeDepartmentExists(departmentId: string): Promise<boolean>;
  abstract teamDepartment(teamId: string): Promise<string | null>;
  abstract activeUserExists(userId: string): Promise<boolean>;
}

/** Counts by status, cached per scope key, dropped on every ticket write. */
export abstract class TicketSummaryCache {
  abstract get(key: string): Promise<Record<string, number> | null>;
  abstract set(key: string, counts: Record<string, number>): Promise<void>;
  abstract invalidate(departmentId: string | null): Promise<void>;
}
