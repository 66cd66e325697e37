import { Person } from './domain/notification';

/** What the notification rules need to know about people and messages, read from the organisation and tickets. */
export abstract class RecipientDirectory {
  abstract people(ids: readonly string[]): Promise<Person[]>;
  /** active TEAM_LEADs of the department (by role, or as lead of one of its teams) */
  abstract departmentLeads(departmentId: string): Promise<string[]>;
  /** active staff of the team, and its lead */
  abstract teamMembers(teamId: string): Promise<string[]>;
  abstract messageBody(ticketId: string, messageId: string): Promise<string | null>;
  /** active users of the role: in the department when one is given (staff), else all of them */
  abstract usersWithRole(role: string, departmentId: string | null): Promise<string[]>;
}
