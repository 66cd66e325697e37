import { Injectable } from '@nestjs/common';
import { Transaction, UnitOfWork } from '../../common/unit-of-work';
import { Ticket, TicketMessage } from './domain/ticket';
import { TicketPriority, TicketStatus } from './domain/ticket-enums';
import { TicketLifecycle, TicketLifecycleObserver } from './ticket-lifecycle.port';

/** The registered observers, and the calls tickets makes into them from inside its transactions. */
@Injectable()
export class TicketLifecycleRegistry extends TicketLifecycle {
  private readonly observers: TicketLifecycleObserver[] = [];

  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  register(observer: TicketLifecycleObserver): void {
    this.observers.push(observer);
  }

  created(ticket: Ticket): Promise<void> {
    return this.notify((o, tx) => o.onCreated?.(tx, ticket));
  }

  statusChanged(ticket: Ticket, from: TicketStatus, to: TicketStatus, actorId: string | null): Promise<void> {
    return this.notify((o, tx) => o.onStatusChanged?.(tx, ticket, from, to, actorId));
  }

  priorityChanged(ticket: Ticket, from: TicketPriority, to: TicketPriority): Promise<void> {
    return this.notify((o, tx) => o.onPriorityChanged?.(tx, ticket, from, to));
  }

  messageAdded(ticket: Ticket, message: TicketMessage): Promise<void> {
    return this.notify((o, tx) => o.onMessageAdded?.(tx, ticket, message));
  }

  firstResponded(ticket: Ticket, message: TicketMessage): Promise<void> {
    return this.notify((o, tx) => o.onFirstResponse?.(tx, ticket, message));
  }

  /** Whether any registered observer has the hook. */
  observes(hook: keyof TicketLifecycleObserver): boolean {
    return this.observers.some((o) => o[hook] !== undefined);
  }

  /** Called by tickets inside its transaction, so `run` joins it and hands over its handle. */
  private async notify(
    call: (observer: TicketLifecycleObserver, tx: Transaction) => Promise<void> | undefined,
  ): Promise<void> {
    if (this.observers.length === 0) return;
    await this.uow.run(async (tx) => {
      for (const observer of this.observers) await call(observer, tx);
    });
  }
}
