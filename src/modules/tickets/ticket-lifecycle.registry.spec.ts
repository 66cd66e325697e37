import { Transaction, UnitOfWork } from '../../common/unit-of-work';
import { Ticket } from './domain/ticket';
import { TicketPriority, TicketStatus } from './domain/ticket-enums';
import { TicketLifecycleRegistry } from './ticket-lifecycle.registry';

const TX = { marker: 'tx' } as unknown as Transaction;
const uow: UnitOfWork = {
  run: (work) => work(TX),
  afterCommit: () => Promise.resolve(),
  noteRowWrite: () => undefined,
  wroteRow: () => true,
};
const ticket = { id: 't1' } as Ticket;

describe('TicketLifecycleRegistry', () => {
  it('calls the registered observers in order with the transaction handle, skipping hooks they lack', async () => {
    const registry = new TicketLifecycleRegistry(uow);
    const calls: string[] = [];
    const record = (line: string) => {
      calls.push(line);
      return Promise.resolve();
    };
    registry.register({
      onCreated: (tx, t) => record(`a.created ${t.id} ${tx === TX}`),
      onPriorityChanged: (tx, t, from, to) => record(`a.priority ${from}->${to}`),
    });
    registry.register({
      onCreated: () => record('b.created'),
      onStatusChanged: (tx, t, from, to, actorId) => record(`b.status ${from}->${to} ${actorId}`),
    });
    await registry.created(ticket);
    await registry.priorityChanged(ticket, TicketPriority.LOW, TicketPriority.HIGH);
    await registry.statusChanged(ticket, TicketStatus.PENDING_APPROVAL, TicketStatus.OPEN, null);
    await registry.messageAdded(ticket, { id: 'm' } as never);
    expect(calls).toEqual([
      'a.created t1 true',
      'b.created',
      'a.priority LOW->HIGH',
      'b.status PENDING_APPROVAL->OPEN null',
    ]);
  });

  it('stops at the first observer that throws and passes the error on', async () => {
    const registry = new TicketLifecycleRegistry(uow);
    const later = jest.fn();
    registry.register({ onCreated: () => Promise.reject(new Error('refused')) });
    registry.register({ onCreated: later });
    await expect(registry.created(ticket)).rejects.toThrow('refused');
    expect(later).not.toHaveBeenCalled();
  });
});
