import { Injectable } from '@nestjs/common';
import { EventType } from '../../common/events/domain-event';
import { EventPayloads } from '../../common/events/event-payloads';
import { EventPublisher } from '../../common/events/event-publisher';
import { NewHistoryEntry, TicketHistoryRepository } from './ticket-history-repository.port';

/** An event about the recorded ticket: its type and that type's payload, checked against EventPayloads. */
export type TicketEvent = { [K in EventType]: { type: K; data: EventPayloads[K] } }[EventType];

type TicketEvents = TicketEvent | readonly TicketEvent[];

/**
 * A ticket change's records, written together in the caller's transaction: its history rows and the events that
 * tell of it (about the same ticket, by the same actor), in that order. Every service that records a ticket change
 * does it through this: the journal (moves), commands (edits, grants), assignment, links, merge, attachments, access
 * requests, approvals and SLA breaches. (Filing a ticket writes its CREATED row in the filing statement, and a
 * message's rows are written by the journal's `recordMessage`.)
 */
@Injectable()
export class TicketRecorder {
  constructor(
    private readonly history: TicketHistoryRepository,
    private readonly events: EventPublisher,
  ) {}

  /**
   * @param rows the history rows, in order, all about one ticket by one actor (the events' ticket and actor)
   * @param events the events, in order: none for a change without one; or, when something must see the rows
   *   before the events are written (the lifecycle observers), a function run once the rows are written that does
   *   it and answers the events
   */
  async record(
    rows: NewHistoryEntry | readonly NewHistoryEntry[],
    events: TicketEvents | (() => Promise<TicketEvents>) = [],
  ): Promise<void> {
    const entries: readonly NewHistoryEntry[] = isList(rows) ? rows : [rows];
    if (entries.length === 0) throw new Error('A ticket change records at least one history row');
    const { ticketId, actorId } = entries[0];
    for (const entry of entries) await this.history.append(entry);
    const written = typeof events === 'function' ? await events() : events;
    for (const event of isList(written) ? written : [written]) {
      await this.events.publish({ ...event, aggregateId: ticketId, actorId });
    }
  }
}

const isList = <T extends object>(value: T | readonly T[]): value is readonly T[] => Array.isArray(value);
