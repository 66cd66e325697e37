import { EventType } from '../../common/events/domain-event';
import { PRIVATE_EVENT_TYPES } from '../../common/events/private-events';
import { retentionOf } from './outbox-queue';

describe('retentionOf', () => {
  it('removes the job of every private event (it carries a token) on completion and on failure', () => {
    expect(PRIVATE_EVENT_TYPES).toEqual(
      expect.arrayContaining([EventType.PASSWORD_RESET_REQUESTED, EventType.GUEST_TICKET_SUBMITTED]),
    );
    for (const type of PRIVATE_EVENT_TYPES)
      expect(retentionOf(type)).toEqual({ removeOnComplete: true, removeOnFail: true });
  });

  it('keeps other jobs a day after completion and leaves failed ones to the queue default', () => {
    expect(retentionOf(EventType.TICKET_CREATED)).toEqual({ removeOnComplete: { age: 86400 } });
  });
});
