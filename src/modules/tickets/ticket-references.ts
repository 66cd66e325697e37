/** Checks on ids a ticket refers to (departments, teams, users, catalog), answered from the organisation's data. */
export abstract class TicketReferences {
  abstract activeDepartmentExists(departmentId: string): Promise<boolean>;
  abstract teamDepartment(teamId: string): Promise<string | null>;
  abstract activeUserExists(userId: string): Promise<boolean>;
  abstract categoryExists(categoryId: string): Promise<boolean>;
  /** the service item's department and defaults, or null when there is no such active item */
  abstract serviceItem(
    serviceItemId: string,
  ): Promise<{ departmentId: string | null; categoryId: string | null } | null>;
}

/** Counts by status, cached per scope key, dropped on every ticket write. */
export abstract class TicketSummaryCache {
  abstract get(key: string): Promise<Record<string, number> | null>;
  abstract set(key: string, counts: Record<string, number>): Promise<void>;
  abstract invalidate(departmentId: string | null): Promise<void>;
}
