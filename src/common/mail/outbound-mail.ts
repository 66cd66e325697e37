export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  messageId?: string;
  /** for logs and metrics: what kind of mail this is (e.g. password_reset) */
  kind: string;
}

/** Queues a mail for delivery by the worker (retried with backoff; a permanent failure stays visible). */
export abstract class OutboundMail {
  abstract enqueue(message: MailMessage): Promise<void>;
}
