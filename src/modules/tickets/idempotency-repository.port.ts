export type IdempotencyClaim =
  { state: 'new' } | { state: 'replay'; ticketId: string } | { state: 'mismatch' };

export abstract class IdempotencyRepository {
  /**
   * Claims `key` for this user and request (in the caller's transaction). A concurrent claim of the same key waits
   * for the first transaction and then sees its outcome. Keys older than 24 h are free again. The ticket's filing (TicketRepository.file) completes a claimed key.
   */
  abstract claim(userId: string, key: string, requestHash: string): Promise<IdempotencyClaim>;
}
