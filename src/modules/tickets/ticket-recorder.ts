import { Injectable } from '@nestjs/common';
import { EventType } from '../../common/events/domain-event';
import { EventPayloads } from '../../common/events/event-payloads';
import { EventPublisher } from '../../common/events/event-publisher';
import { NewHistoryEntry, TicketHistoryRepository } from './ticket-history-repository.port';

/**
 * A ticket change's two records, written together in the caller's transaction: its history row and the event that
 * tells of it (about the same ticket, by the same actor). Every module that changes a ticket beside its own rows
 * (attachments, access requests, approvals, SLA breaches) records through this.
 */
@Injectable()
export class TicketRecorder {
  constructor(
    private readonly history: TicketHistoryRepository,
    private readonly events: EventPublisher,
  ) {}

  async record<K extends EventType>(
    entry: NewHistoryEntry,
    event: { type: K; data: EventPayloads[K] },
  ): Promise<void> {
    await this.history.append(entry);
    await this.events.publish({
      type: event.type,
      aggregateId: entry.ticketId,
      actorId: entry.actorId,
      data: event.data,
    });
  }
}
