import { EnqueueOptions, MailMessage } from '../../common/mail/outbound-mail';
import { WebhookJob } from './webhook-dispatcher.port';

export type DeliveryChannel = 'mail' | 'webhook';

/** A delivery as it was queued, kept until it is done so that a job the queue lost can be queued again unchanged. */
export type QueuedDelivery =
  | { channel: 'mail'; message: MailMessage; options: EnqueueOptions }
  | { channel: 'webhook'; job: WebhookJob };

export interface DeliveryKey {
  eventId: string;
  channel: DeliveryChannel;
  recipient: string;
}

export interface PendingDelivery extends DeliveryKey {
  queued: QueuedDelivery;
  /** when it was claimed: with the key, where the next page of `pending` starts */
  claimedAt: Date;
}

export const deliveryKey = (k: DeliveryKey): string => `${k.eventId}/${k.channel}/${k.recipient}`;

/**
 * What has been done for an event: one row per (event, channel, recipient), written in the transaction that queues
 * the side effect, so a consumer that runs an event twice does each thing once. A row is done once its mail was
 * sent or its webhook delivery finished; until then it keeps the queued job (unless that carries a secret).
 */
export abstract class DeliveryLedger {
  /** true when this (event, channel, recipient) was not claimed before; `queued` is kept until done */
  abstract claim(
    eventId: string,
    channel: DeliveryChannel,
    recipient: string,
    queued?: QueuedDelivery | null,
  ): Promise<boolean>;

  /** the delivery finished (sent, delivered, or failed for good): nothing to re-drive any more */
  abstract done(key: DeliveryKey): Promise<void>;

  /**
   * deliveries claimed between a day and `olderThanMs` ago that are not done and kept their job, oldest first; with
   * `after`, the ones that come after it in that order (the next page)
   */
  abstract pending(olderThanMs: number, limit: number, after?: PendingDelivery): Promise<PendingDelivery[]>;

  /** which of these are still not done (as deliveryKey strings) */
  abstract stillPending(keys: DeliveryKey[]): Promise<Set<string>>;
}
