import { Role } from './role';
import { canRead, scopeOf, ScopedFacts } from './scope-policy';

const ME = 'me';
const OTHER = 'someone-else';
const MY_DEPT = 'dept-a';
const OTHER_DEPT = 'dept-b';

const ticket = (over: Partial<ScopedFacts> = {}): ScopedFacts => ({
  departmentId: OTHER_DEPT,
  restricted: false,
  requesterId: OTHER,
  assigneeId: null,
  otherPartyIds: [],
  ...over,
});

const subject = (role: Role) => ({ id: ME, role, departmentId: role === Role.END_USER ? null : MY_DEPT });

// every role × relation to the ticket → may read?
const cases: Array<[string, Partial<ScopedFacts>, Record<Role, boolean>]> = [
  ['own request', { requesterId: ME }, { END_USER: true, AGENT: true, TEAM_LEAD: true, ADMIN: true }],
  ['someone else’s, other department', {}, { END_USER: false, AGENT: false, TEAM_LEAD: false, ADMIN: true }],
  [
    'someone else’s, my department',
    { departmentId: MY_DEPT },
    { END_USER: false, AGENT: true, TEAM_LEAD: true, ADMIN: true },
  ],
  [
    'restricted, my department, not a party',
    { departmentId: MY_DEPT, restricted: true },
    { END_USER: false, AGENT: false, TEAM_LEAD: false, ADMIN: true },
  ],
  [
    'restricted, my department, I am the assignee',
    { departmentId: MY_DEPT, restricted: true, assigneeId: ME },
    { END_USER: true, AGENT: true, TEAM_LEAD: true, ADMIN: true },
  ],
  [
    'other department, I am an approver or hold a grant',
    { otherPartyIds: [ME] },
    { END_USER: true, AGENT: true, TEAM_LEAD: true, ADMIN: true },
  ],
  [
    'restricted, other department, I hold a grant',
    { restricted: true, otherPartyIds: ['x', ME] },
    { END_USER: true, AGENT: true, TEAM_LEAD: true, ADMIN: true },
  ],
  [
    'no department, not a party',
    { departmentId: null },
    { END_USER: false, AGENT: false, TEAM_LEAD: false, ADMIN: true },
  ],
];

describe('scope policy', () => {
  for (const [label, facts, expected] of cases) {
    for (const role of Object.values(Role)) {
      it(`${role} ${expected[role] ? 'sees' : 'does not see'} a ticket that is ${label}`, () => {
        expect(canRead(scopeOf(subject(role)), ticket(facts))).toBe(expected[role]);
      });
    }
  }

  it('gives a staff member without a department nothing but what they are party to', () => {
    const scope = scopeOf({ id: ME, role: Role.AGENT, departmentId: null });
    expect(canRead(scope, ticket({ departmentId: null }))).toBe(false);
    expect(canRead(scope, ticket({ assigneeId: ME }))).toBe(true);
  });
});
