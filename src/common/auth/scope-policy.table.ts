import { Role } from './role';
import { ScopedFacts } from './scope-policy';

/**
 * The scope policy as a table: every role × relation to a ticket → may read? The unit test holds `canRead` to it
 * and test/ticket-scope-sql.e2e-spec.ts holds the SQL (`scopeCondition`) to the same rows, since the SQL enforces it.
 */
export const ME = 'me';
export const OTHER = 'someone-else';
export const MY_DEPT = 'dept-a';
export const OTHER_DEPT = 'dept-b';

export const ticket = (over: Partial<ScopedFacts> = {}): ScopedFacts => ({
  departmentId: OTHER_DEPT,
  restricted: false,
  requesterId: OTHER,
  assigneeId: null,
  otherPartyIds: [],
  ...over,
});

export const subject = (role: Role) => ({
  id: ME,
  role,
  departmentId: role === Role.END_USER ? null : MY_DEPT,
});

// every role × relation to the ticket → may read?
export const cases: Array<[string, Partial<ScopedFacts>, Record<Role, boolean>]> = [
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
  // several relations at once: the SQL counts totals per relation, and must count such a ticket once
  [
    'my department, I requested it, am its assignee and hold a grant',
    { departmentId: MY_DEPT, requesterId: ME, assigneeId: ME, otherPartyIds: [ME] },
    { END_USER: true, AGENT: true, TEAM_LEAD: true, ADMIN: true },
  ],
  [
    'no department, I requested it and am its assignee',
    { departmentId: null, requesterId: ME, assigneeId: ME },
    { END_USER: true, AGENT: true, TEAM_LEAD: true, ADMIN: true },
  ],
];
