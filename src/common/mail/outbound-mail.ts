export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  messageId?: string;
  /** for logs and metrics: what kind of mail this is (e.g. password_reset) */
  kind: string;
  /** the notification this mail delivers: once sent, it is reported to MailDeliveryReceipts */
  delivery?: MailDelivery;
}

/** One notification mail: an event's mail to one recipient (a user id). */
export interface MailDelivery {
  eventId: string;
  recipient: string;
}

export interface EnqueueOptions {
  /** a stable id: queuing the same id again while the first job is kept adds nothing (idempotent producers) */
  jobId?: string;
  /** the mail carries a secret (a reset token): its job is deleted once sent instead of being kept for a day */
  sensitive?: boolean;
  /** nobody is waiting for it (a notification): mails someone waits for, such as a reset, go out first */
  background?: boolean;
}

/** Told by the mail consumer when a notification mail has been handed to SMTP (where notifications run). */
export abstract class MailDeliveryReceipts {
  abstract sent(delivery: MailDelivery): Promise<void>;
}

/** Queues a mail for delivery by the worker (retried with backoff; a permanent failure stays visible). */
export abstract class OutboundMail {
  abstract enqueue(message: MailMessage, options?: EnqueueOptions): Promise<void>;
}
