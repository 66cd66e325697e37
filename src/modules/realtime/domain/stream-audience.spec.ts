import { Actor } from '../../../common/auth/actor';
import { Role } from '../../../common/auth/role';
import { ScopedFacts } from '../../../common/auth/scope-policy';
import { TicketFacts } from '../../tickets/domain/ticket-access';
import { TicketStatus } from '../../tickets/domain/ticket-enums';
import { mayReceive } from './stream-audience';
import { StreamEvent } from './stream-event';

const DEPT = 'dept-a';
const viewer = (role: Role, over: Partial<Actor> = {}): Actor => ({
  id: `me-${role}`,
  role,
  departmentId: role === Role.END_USER ? null : DEPT,
  teamId: null,
  ...over,
});
const ticket = (over: Partial<ScopedFacts & TicketFacts> = {}): ScopedFacts & TicketFacts => ({
  departmentId: DEPT,
  restricted: false,
  requesterId: 'requester',
  assigneeId: null,
  otherPartyIds: [],
  status: TicketStatus.OPEN,
  ...over,
});
const event = (
  type: string,
  data: Record<string, unknown> | null = { ticket: { id: 't1' } },
): StreamEvent => ({
  seq: 1,
  id: 'e1',
  type,
  aggregateId: 't1',
  actorId: null,
  data,
  occurredAt: '2026-01-01T00:00:00.000Z',
});

describe('who receives a streamed event', () => {
  it('sends ticket events to whoever may read the ticket, as GET /tickets/:id decides', () => {
    const e = event('ticket.status_changed');
    expect(mayReceive(viewer(Role.AGENT), e, ticket())).toBe(true);
    expect(mayReceive(viewer(Role.AGENT, { departmentId: 'dept-b' }), e, ticket())).toBe(false);
    expect(mayReceive(viewer(Role.AGENT), e, ticket({ restricted: true }))).toBe(false);
    expect(mayReceive(viewer(Role.END_USER), e, ticket())).toBe(false);
    expect(mayReceive(viewer(Role.END_USER), e, ticket({ requesterId: 'me-END_USER' }))).toBe(true);
    expect(mayReceive(viewer(Role.END_USER), e, ticket({ otherPartyIds: ['me-END_USER'] }))).toBe(true);
    expect(mayReceive(viewer(Role.ADMIN), e, ticket({ restricted: true, departmentId: null }))).toBe(true);
  });

  it('never sends a note to an END_USER, even the requester, and only to staff who work the ticket', () => {
    const note = event('ticket.note_added');
    const flagged = event('ticket.attachment_added', { ticket: { id: 't1' }, internal: true });
    for (const e of [note, flagged]) {
      expect(mayReceive(viewer(Role.END_USER), e, ticket({ requesterId: 'me-END_USER' }))).toBe(false);
      expect(mayReceive(viewer(Role.AGENT), e, ticket())).toBe(true);
      // a view grant lets another department's agent read the ticket, not its notes
      const granted = viewer(Role.AGENT, { departmentId: 'dept-b' });
      expect(mayReceive(granted, e, ticket({ otherPartyIds: [granted.id] }))).toBe(false);
      expect(mayReceive(granted, e, ticket({ assigneeId: granted.id }))).toBe(true);
    }
  });

  it('sends events about no ticket to ADMINs only, and private events to nobody', () => {
    const orphan = { ...event('approval.decided', {}), aggregateId: 'a1' };
    expect(mayReceive(viewer(Role.ADMIN), orphan, undefined)).toBe(true);
    expect(mayReceive(viewer(Role.TEAM_LEAD), orphan, undefined)).toBe(false);
    const reset = event('auth.password_reset_requested', null);
    expect(mayReceive(viewer(Role.ADMIN), reset, undefined)).toBe(false);
    expect(mayReceive(viewer(Role.ADMIN), event('auth.password_reset_requested', {}), undefined)).toBe(false);
  });

  it('sends nothing of a ticket it cannot find the facts of, except to ADMINs', () => {
    const e = event('ticket.updated');
    expect(mayReceive(viewer(Role.AGENT), e, undefined)).toBe(false);
    expect(mayReceive(viewer(Role.ADMIN), e, undefined)).toBe(true);
  });
});
