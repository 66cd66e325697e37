import { Role } from '../../../common/auth/role';
import {
  Assigner,
  AssigneeFacts,
  checkAssigner,
  checkRoundRobinRequester,
  checkTeamAssigner,
  ineligibilityOf,
} from './assignment-eligibility';

const DEPT = 'dept-a';
const OTHER_DEPT = 'dept-b';
const TEAM = 'team-1';
const OTHER_TEAM = 'team-2';

const staff = (over: Partial<AssigneeFacts> = {}): AssigneeFacts => ({
  userId: 'u-1',
  role: Role.AGENT,
  isActive: true,
  departmentId: DEPT,
  teamId: TEAM,
  ...over,
});
const assigner = (role: Role, over: Partial<Assigner> = {}): Assigner => ({
  id: 'me',
  role,
  departmentId: role === Role.END_USER ? null : DEPT,
  teamId: role === Role.AGENT ? TEAM : null,
  ...over,
});

describe('assignee eligibility', () => {
  it('accepts an active agent or team lead of the ticket department, available or not', () => {
    expect(ineligibilityOf(staff(), DEPT)).toBeNull();
    expect(ineligibilityOf(staff({ role: Role.TEAM_LEAD, teamId: null }), DEPT)).toBeNull();
  });

  it.each<[string, AssigneeFacts | null, string | null, RegExp]>([
    ['a missing user', null, DEPT, /does not exist/],
    ['a deactivated agent', staff({ isActive: false }), DEPT, /deactivated/],
    ['an end user', staff({ role: Role.END_USER, departmentId: null }), DEPT, /END_USER/],
    ['an admin, even placed in the department', staff({ role: Role.ADMIN }), DEPT, /ADMIN/],
    ['an agent of another department', staff({ departmentId: OTHER_DEPT }), DEPT, /another department/],
    ['an agent without a department', staff({ departmentId: null }), DEPT, /not placed/],
    ['anyone, for a ticket without a department', staff(), null, /no department/],
  ])('refuses %s with a reason', (_label, candidate, ticketDept, reason) => {
    expect(ineligibilityOf(candidate, ticketDept)).toMatch(reason);
  });
});

describe('who may assign whom', () => {
  // assignee relation to the assigner → expected verdict per assigner role
  const cases: Array<[string, AssigneeFacts, Record<'AGENT' | 'TEAM_LEAD' | 'ADMIN', boolean>]> = [
    ['themselves', staff({ userId: 'me' }), { AGENT: true, TEAM_LEAD: true, ADMIN: true }],
    ['a teammate', staff({ teamId: TEAM }), { AGENT: true, TEAM_LEAD: true, ADMIN: true }],
    [
      'a colleague of another team, same department',
      staff({ teamId: OTHER_TEAM }),
      { AGENT: false, TEAM_LEAD: true, ADMIN: true },
    ],
    [
      'a colleague without a team, same department',
      staff({ teamId: null }),
      { AGENT: false, TEAM_LEAD: true, ADMIN: true },
    ],
    [
      'staff of another department',
      staff({ departmentId: OTHER_DEPT, teamId: OTHER_TEAM }),
      { AGENT: false, TEAM_LEAD: false, ADMIN: true },
    ],
  ];
  for (const [label, assignee, expected] of cases) {
    for (const role of [Role.AGENT, Role.TEAM_LEAD, Role.ADMIN] as const) {
      it(`${role} ${expected[role] ? 'may' : 'may not'} assign ${label}`, () => {
        const check = checkAssigner(assigner(role), assignee);
        expect(check.ok).toBe(expected[role]);
        if (!check.ok) expect(check.reason).toMatch(/may assign only/);
      });
    }
  }

  it('does not let an agent without a team assign anyone but themselves', () => {
    const teamless = assigner(Role.AGENT, { teamId: null });
    expect(checkAssigner(teamless, staff({ teamId: null })).ok).toBe(false);
    expect(checkAssigner(teamless, staff({ userId: 'me', teamId: null })).ok).toBe(true);
  });

  it('never lets an end user assign', () => {
    expect(checkAssigner(assigner(Role.END_USER), staff()).ok).toBe(false);
    expect(checkTeamAssigner(assigner(Role.END_USER), { id: TEAM, departmentId: DEPT }).ok).toBe(false);
    expect(checkRoundRobinRequester(assigner(Role.END_USER), DEPT).ok).toBe(false);
  });
});

describe('who may assign to a team', () => {
  it.each<[Role, string, string, boolean]>([
    [Role.AGENT, TEAM, DEPT, true],
    [Role.AGENT, OTHER_TEAM, DEPT, false],
    [Role.TEAM_LEAD, OTHER_TEAM, DEPT, true],
    [Role.TEAM_LEAD, OTHER_TEAM, OTHER_DEPT, false],
    [Role.ADMIN, OTHER_TEAM, OTHER_DEPT, true],
  ])('%s to team %s of %s: %s', (role, teamId, departmentId, ok) => {
    expect(checkTeamAssigner(assigner(role), { id: teamId, departmentId }).ok).toBe(ok);
  });
});

describe('who may ask for round robin', () => {
  it.each<[Role, string | null, boolean]>([
    [Role.AGENT, DEPT, true],
    [Role.TEAM_LEAD, DEPT, true],
    [Role.AGENT, OTHER_DEPT, false],
    [Role.TEAM_LEAD, null, false],
    [Role.ADMIN, OTHER_DEPT, true],
    [Role.ADMIN, null, true],
  ])('%s on a ticket of %s: %s', (role, ticketDept, ok) => {
    expect(checkRoundRobinRequester(assigner(role), ticketDept).ok).toBe(ok);
  });
});
