import { Role } from '../../../common/auth/role';
import { TicketStatus } from './ticket-enums';
import { Actor } from '../../../common/auth/actor';
import { actorsOf, canEdit, canMessage, canWork, TicketFacts } from './ticket-access';

const ticket = (over: Partial<TicketFacts> = {}): TicketFacts => ({
  requesterId: 'req',
  assigneeId: null,
  departmentId: 'd1',
  status: TicketStatus.OPEN,
  ...over,
});
const viewer = (role: Role, over: Partial<Actor> = {}): Actor => ({
  id: 'v',
  role,
  departmentId: role === Role.END_USER ? null : 'd1',
  teamId: null,
  ...over,
});

describe('ticket permissions', () => {
  it.each([
    [Role.ADMIN, 'd9', true],
    [Role.AGENT, 'd1', true],
    [Role.TEAM_LEAD, 'd1', true],
    [Role.AGENT, 'd2', false],
    [Role.TEAM_LEAD, 'd2', false],
    [Role.END_USER, null, false],
  ])('%s of department %s works a department d1 ticket: %s', (role, dept, expected) => {
    expect(canWork(viewer(role, { departmentId: dept }), ticket())).toBe(expected);
  });

  it('lets an assignee from another department work the ticket', () => {
    expect(canWork(viewer(Role.AGENT, { departmentId: 'd2' }), ticket({ assigneeId: 'v' }))).toBe(true);
  });

  it('names the requester and staff capacities', () => {
    expect(actorsOf(viewer(Role.END_USER, { id: 'req' }), ticket())).toEqual(['REQUESTER']);
    expect(actorsOf(viewer(Role.AGENT, { id: 'req' }), ticket())).toEqual(['REQUESTER', 'STAFF']);
    expect(actorsOf(viewer(Role.AGENT, { departmentId: 'd2' }), ticket())).toEqual([]);
  });

  it('lets a requester edit title and description only while OPEN', () => {
    const me = viewer(Role.END_USER, { id: 'req' });
    expect(canEdit(me, ticket(), ['title', 'description'])).toEqual({ ok: true });
    expect(canEdit(me, ticket(), ['priority']).ok).toBe(false);
    expect(canEdit(me, ticket({ status: TicketStatus.IN_PROGRESS }), ['title']).ok).toBe(false);
    expect(canEdit(viewer(Role.END_USER), ticket(), ['title']).ok).toBe(false);
    expect(
      canEdit(viewer(Role.AGENT), ticket({ status: TicketStatus.RESOLVED }), ['priority', 'tags']).ok,
    ).toBe(true);
  });

  it('keeps internal notes to staff working the ticket', () => {
    expect(canMessage(viewer(Role.END_USER, { id: 'req' }), ticket(), true).ok).toBe(false);
    expect(canMessage(viewer(Role.END_USER, { id: 'req' }), ticket(), false).ok).toBe(true);
    expect(canMessage(viewer(Role.AGENT), ticket(), true).ok).toBe(true);
    expect(canMessage(viewer(Role.AGENT, { departmentId: 'd2' }), ticket(), false).ok).toBe(false);
  });
});
