import { Injectable } from '@nestjs/common';
import { DeliveryChannel, DeliveryLedger } from '../delivery-ledger';
import { SqlRepository } from './sql-repository';
import { MeasuredRepository } from '../../../infrastructure/database/measured-repository';

@MeasuredRepository()
@Injectable()
export class SqlDeliveryLedger extends SqlRepository implements DeliveryLedger {
  async claim(eventId: string, channel: DeliveryChannel, recipient: string): Promise<boolean> {
    const rows = await this.rows<{ event_id: string }>(
      `INSERT INTO notification_deliveries (event_id, channel, recipient) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [eventId, channel, recipient],
    );
    return rows.length > 0;
  }
}
