export interface TransportResult {
  /** the HTTP status, when an answer came */
  statusCode: number | null;
  /** why there was no 2xx answer (never contains the secret or the body) */
  error: string | null;
  /** the destination is not allowed (a private address): retrying will not help */
  refused: boolean;
}

/** POSTs a signed body to a receiver, refusing private destinations unless WEBHOOK_ALLOW_PRIVATE=true. */
export abstract class WebhookTransport {
  abstract post(url: string, body: string, headers: Record<string, string>): Promise<TransportResult>;
}
