/**
 * Checks on ids a ticket refers to (teams, users), answered from the organisation's data. A new ticket's department
 * is checked by its filing (TicketRepository.file), in the statement that inserts it.
 */
export abstract class TicketReferences {
  abstract teamDepartment(teamId: string): Promise<string | null>;
  abstract activeUserExists(userId: string): Promise<boolean>;
}
