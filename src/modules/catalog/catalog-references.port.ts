/** What the catalog checks in the organisation's data when something is saved. */
export abstract class CatalogReferences {
  abstract activeDepartmentExists(departmentId: string): Promise<boolean>;
  /** the ids among `userIds` that name active users */
  abstract activeUsers(userIds: readonly string[]): Promise<Set<string>>;
}
