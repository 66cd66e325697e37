export type DeliveryChannel = 'mail' | 'webhook';

/**
 * What has been done for an event: one row per (event, channel, recipient), written in the transaction that queues
 * the side effect, so a consumer that runs an event twice does each thing once.
 */
export abstract class DeliveryLedger {
  /** true when this (event, channel, recipient) was not claimed before */
  abstract claim(eventId: string, channel: DeliveryChannel, recipient: string): Promise<boolean>;
}
