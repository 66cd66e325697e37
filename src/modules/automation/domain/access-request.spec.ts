import { Role } from '../../../common/auth/role';
import { mayDecide } from './access-request';

const ticket = { requesterId: 'requester', departmentId: 'dept-a' };
const request = { requestedBy: 'asker' };
const user = (id: string, role: Role, departmentId: string | null = null) => ({ id, role, departmentId });

describe('access request rules', () => {
  it.each([
    ['the ticket’s requester', user('requester', Role.END_USER), true],
    ['a TEAM_LEAD of the ticket’s department', user('lead', Role.TEAM_LEAD, 'dept-a'), true],
    ['an ADMIN', user('admin', Role.ADMIN), true],
    ['a TEAM_LEAD of another department', user('lead-b', Role.TEAM_LEAD, 'dept-b'), false],
    ['an AGENT of the department', user('agent', Role.AGENT, 'dept-a'), false],
    ['the person who asked, even as a lead there', user('asker', Role.TEAM_LEAD, 'dept-a'), false],
    ['the person who asked, even as an ADMIN', user('asker', Role.ADMIN), false],
  ])('%s decides: %s', (_label, who, expected) => {
    expect(mayDecide(who, request, ticket)).toBe(expected);
  });

  it('lets no lead decide for a ticket without a department', () => {
    expect(
      mayDecide(user('lead', Role.TEAM_LEAD, null), request, { requesterId: 'r', departmentId: null }),
    ).toBe(false);
  });
});
