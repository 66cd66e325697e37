export abstract class AccessGrantRepository {
  /** true when the grant is new; `grantedBy` null when the system grants (an approver made party to the ticket) */
  abstract grant(
    ticketId: string,
    userId: string,
    grantedBy: string | null,
    reason?: string,
  ): Promise<boolean>;
}
