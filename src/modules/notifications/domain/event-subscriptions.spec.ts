import { EventType } from '../../../common/events/domain-event';
import {
  normaliseEventFilter,
  subscriptionMatches,
  WEBHOOK_EVENT_FILTERS,
  WEBHOOK_EVENT_TYPES,
} from './event-subscriptions';

describe('event subscriptions', () => {
  it.each([
    'ticket.created',
    'ticket.updated',
    'ticket.status_changed',
    'ticket.priority_changed',
    'ticket.assigned',
    'ticket.message_added',
    'ticket.note_added',
    'ticket.attachment_added',
    'approval.requested',
    'approval.decided',
    'sla.breached',
  ])('offers the contract event type %s', (type) => {
    expect(WEBHOOK_EVENT_TYPES).toContain(type);
  });

  it('offers "*", never the password reset', () => {
    expect(WEBHOOK_EVENT_FILTERS).toContain('*');
    expect(WEBHOOK_EVENT_FILTERS).not.toContain(EventType.PASSWORD_RESET_REQUESTED);
  });

  it('matches by type or "*", and never a private event', () => {
    expect(subscriptionMatches(['ticket.created'], 'ticket.created')).toBe(true);
    expect(subscriptionMatches(['ticket.created'], 'ticket.updated')).toBe(false);
    expect(subscriptionMatches(['*'], 'sla.breached')).toBe(true);
    expect(subscriptionMatches(['*'], EventType.PASSWORD_RESET_REQUESTED)).toBe(false);
  });

  it('normalises filters', () => {
    expect(normaliseEventFilter(['ticket.updated', 'ticket.created', 'ticket.updated'])).toEqual([
      'ticket.created',
      'ticket.updated',
    ]);
    expect(normaliseEventFilter(['ticket.created', '*'])).toEqual(['*']);
  });
});
