import { Role } from './role';
import { canRead, scopeOf } from './scope-policy';
import { cases, ME, subject, ticket } from './scope-policy.table';

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
