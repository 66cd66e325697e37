/** Checks on ids a ticket refers to (departments, teams, users), answered from the organisation's data. */
export abstract class TicketReferences {
  abstract activeDepartmentExists(departmentId: string): Promise<boolean>;
  abstract teamDepartment(teamId: string): Promise<string | null>;
  abstract activeUserExists(userId: string): Promise<boolean>;
}
