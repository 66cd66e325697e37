export type IdempotencyClaim =
  { state: 'new' } | { state: 'replay'; ticketId: string } | { state: 'mismatch' };

export abstract class IdempotencyRepository {
  /**
   * Claims `key` for this user and request (in the caller's transaction). A concurrent claim of the same key waits
   * for the first transaction and then sees its outcome. Keys older than 24 h are free again.
   */
  abstract claim(userId: string, key: string, requestHash: string): Promise<IdempotencyClaim>;
  abstract complete(userId: string, key: string, ticketId: string): Promise<void>;
}
