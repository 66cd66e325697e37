import { ForbiddenError, ValidationFailedError } from '../../../common/errors/domain-errors';
import { Role } from './role';
import { assertNoSelfLockout, placementProblems, planAccountChange, UserAccount } from './user-account';

const account = (over: Partial<UserAccount> = {}): UserAccount => ({
  id: 'u1',
  email: 'u1@example.com',
  fullName: 'User One',
  role: Role.AGENT,
  isActive: true,
  createdAt: new Date(0),
  updatedAt: new Date(0),
  departmentId: 'd1',
  teamId: 't1',
  available: true,
  ...over,
});

function problemsOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationFailedError) return e.details;
    throw e;
  }
  return undefined;
}

describe('placementProblems', () => {
  it('needs a department for AGENT and TEAM_LEAD', () => {
    for (const role of [Role.AGENT, Role.TEAM_LEAD]) {
      expect(placementProblems(role, { departmentId: null, teamId: null })).toEqual([
        { field: 'departmentId', message: expect.stringContaining('needs a department') },
      ]);
      expect(placementProblems(role, { departmentId: 'd1', teamId: null })).toEqual([]);
    }
  });

  it('lets an ADMIN be placed or not, but a team needs its department', () => {
    expect(placementProblems(Role.ADMIN, { departmentId: null, teamId: null })).toEqual([]);
    expect(placementProblems(Role.ADMIN, { departmentId: 'd1', teamId: 't1' })).toEqual([]);
    expect(placementProblems(Role.ADMIN, { departmentId: null, teamId: 't1' })).toEqual([
      { field: 'departmentId', message: expect.any(String) },
    ]);
  });

  it('keeps END_USERs out of departments and teams', () => {
    expect(placementProblems(Role.END_USER, { departmentId: null, teamId: null })).toEqual([]);
    expect(
      placementProblems(Role.END_USER, { departmentId: 'd1', teamId: 't1' }).map((p) => p.field),
    ).toEqual(['departmentId', 'teamId']);
  });
});

describe('planAccountChange', () => {
  it('changes only what is given', () => {
    const plan = planAccountChange(account(), { fullName: 'New Name' });
    expect(plan.next).toEqual({
      fullName: 'New Name',
      role: Role.AGENT,
      isActive: true,
      departmentId: 'd1',
      teamId: 't1',
      available: true,
    });
    expect(plan).toMatchObject({ roleChanged: false, deactivated: false, placementChanged: false });
  });

  it('leaves the old team when moving to another department without naming one', () => {
    const plan = planAccountChange(account(), { departmentId: 'd2' });
    expect(plan.next).toMatchObject({ departmentId: 'd2', teamId: null });
    expect(plan.placementChanged).toBe(true);
  });

  it('keeps a team named together with the new department', () => {
    expect(planAccountChange(account(), { departmentId: 'd2', teamId: 't9' }).next).toMatchObject({
      departmentId: 'd2',
      teamId: 't9',
    });
  });

  it('drops the placement when staff become END_USER', () => {
    const plan = planAccountChange(account(), { role: Role.END_USER });
    expect(plan.next).toMatchObject({
      role: Role.END_USER,
      departmentId: null,
      teamId: null,
      available: null,
    });
    expect(plan.roleChanged).toBe(true);
  });

  it('refuses to promote an END_USER to AGENT without a department', () => {
    const endUser = account({ role: Role.END_USER, departmentId: null, teamId: null, available: null });
    expect(problemsOf(() => planAccountChange(endUser, { role: Role.AGENT }))).toEqual([
      { field: 'departmentId', message: expect.any(String) },
    ]);
    expect(planAccountChange(endUser, { role: Role.AGENT, departmentId: 'd1' }).next).toMatchObject({
      role: Role.AGENT,
      departmentId: 'd1',
      teamId: null,
      available: true,
    });
  });

  it('refuses to take the department of an AGENT away', () => {
    expect(problemsOf(() => planAccountChange(account(), { departmentId: null }))).toEqual([
      { field: 'departmentId', message: expect.any(String) },
    ]);
  });

  it('refuses an availability without a department', () => {
    const admin = account({ role: Role.ADMIN, departmentId: null, teamId: null, available: null });
    expect(problemsOf(() => planAccountChange(admin, { available: false }))).toEqual([
      { field: 'available', message: expect.any(String) },
    ]);
  });

  it('notices a deactivation', () => {
    const plan = planAccountChange(account(), { isActive: false });
    expect(plan).toMatchObject({ deactivated: true, activityChanged: true });
    expect(planAccountChange(account({ isActive: false }), { isActive: true })).toMatchObject({
      deactivated: false,
      activityChanged: true,
    });
  });
});

describe('assertNoSelfLockout', () => {
  const admin = account({ id: 'a1', role: Role.ADMIN, departmentId: null, teamId: null, available: null });
  const actor = { id: 'a1', role: Role.ADMIN, departmentId: null };

  it('refuses deactivating yourself or dropping your own ADMIN role', () => {
    expect(() => assertNoSelfLockout(actor, 'a1', planAccountChange(admin, { isActive: false }))).toThrow(
      ForbiddenError,
    );
    expect(() => assertNoSelfLockout(actor, 'a1', planAccountChange(admin, { role: Role.END_USER }))).toThrow(
      ForbiddenError,
    );
  });

  it('allows the same on someone else, and harmless changes to yourself', () => {
    expect(() =>
      assertNoSelfLockout(actor, 'other', planAccountChange(admin, { isActive: false })),
    ).not.toThrow();
    expect(() =>
      assertNoSelfLockout(actor, 'a1', planAccountChange(admin, { fullName: 'Me' })),
    ).not.toThrow();
  });
});
