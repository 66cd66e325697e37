import { Role } from './role';
import {
  AccountChanges,
  AccountPlan,
  checkAdminsRemain,
  checkSelfLockout,
  mayRemoveAnAdmin,
  placementProblems,
  planAccountChange,
  removesAnActiveAdmin,
  UserAccount,
} from './user-account';

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

/** The plan of an allowed change (fails the test on a refused one). */
function planOf(current: UserAccount, changes: AccountChanges): AccountPlan {
  const check = planAccountChange(current, changes);
  if (!check.ok) throw new Error(`refused: ${JSON.stringify(check.problems)}`);
  return check.plan;
}

/** The placement problems of a refused change (undefined when it is allowed). */
function problemsOf(current: UserAccount, changes: AccountChanges): unknown {
  const check = planAccountChange(current, changes);
  return check.ok ? undefined : check.problems;
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
    const plan = planOf(account(), { fullName: 'New Name' });
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
    const plan = planOf(account(), { departmentId: 'd2' });
    expect(plan.next).toMatchObject({ departmentId: 'd2', teamId: null });
    expect(plan.placementChanged).toBe(true);
  });

  it('keeps a team named together with the new department', () => {
    expect(planOf(account(), { departmentId: 'd2', teamId: 't9' }).next).toMatchObject({
      departmentId: 'd2',
      teamId: 't9',
    });
  });

  it('drops the placement when staff become END_USER', () => {
    const plan = planOf(account(), { role: Role.END_USER });
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
    expect(problemsOf(endUser, { role: Role.AGENT })).toEqual([
      { field: 'departmentId', message: expect.any(String) },
    ]);
    expect(planOf(endUser, { role: Role.AGENT, departmentId: 'd1' }).next).toMatchObject({
      role: Role.AGENT,
      departmentId: 'd1',
      teamId: null,
      available: true,
    });
  });

  it('refuses to take the department of an AGENT away', () => {
    expect(problemsOf(account(), { departmentId: null })).toEqual([
      { field: 'departmentId', message: expect.any(String) },
    ]);
  });

  it('refuses an availability without a department', () => {
    const admin = account({ role: Role.ADMIN, departmentId: null, teamId: null, available: null });
    expect(problemsOf(admin, { available: false })).toEqual([
      { field: 'available', message: expect.any(String) },
    ]);
  });

  it('notices a deactivation', () => {
    const plan = planOf(account(), { isActive: false });
    expect(plan).toMatchObject({ deactivated: true, activityChanged: true });
    expect(planOf(account({ isActive: false }), { isActive: true })).toMatchObject({
      deactivated: false,
      activityChanged: true,
    });
  });
});

describe('checkSelfLockout', () => {
  const admin = account({ id: 'a1', role: Role.ADMIN, departmentId: null, teamId: null, available: null });
  const actor = { id: 'a1', role: Role.ADMIN, departmentId: null };

  it('refuses deactivating yourself or dropping your own ADMIN role', () => {
    expect(checkSelfLockout(actor, 'a1', planOf(admin, { isActive: false }))).toEqual({
      ok: false,
      reason: 'You cannot deactivate your own account',
    });
    expect(checkSelfLockout(actor, 'a1', planOf(admin, { role: Role.END_USER }))).toEqual({
      ok: false,
      reason: 'You cannot remove your own ADMIN role',
    });
  });

  it('allows the same on someone else, and harmless changes to yourself', () => {
    expect(checkSelfLockout(actor, 'other', planOf(admin, { isActive: false }))).toEqual({ ok: true });
    expect(checkSelfLockout(actor, 'a1', planOf(admin, { fullName: 'Me' }))).toEqual({ ok: true });
  });
});

describe('the last active ADMIN', () => {
  const admin = account({ id: 'a2', role: Role.ADMIN, departmentId: null, teamId: null, available: null });
  const actor = { id: 'a1', role: Role.ADMIN, departmentId: null };

  it('may be at stake only in a deactivation or a change to another role', () => {
    expect(mayRemoveAnAdmin({ isActive: false })).toBe(true);
    expect(mayRemoveAnAdmin({ role: Role.END_USER })).toBe(true);
    expect(mayRemoveAnAdmin({ role: Role.AGENT, departmentId: 'd1' })).toBe(true);
    expect(mayRemoveAnAdmin({ role: Role.ADMIN, isActive: true })).toBe(false);
    expect(mayRemoveAnAdmin({ fullName: 'Renamed', departmentId: 'd1', available: false })).toBe(false);
  });

  it('is at stake when an active ADMIN is demoted or deactivated, not otherwise', () => {
    expect(removesAnActiveAdmin(admin, planOf(admin, { isActive: false }))).toBe(true);
    expect(removesAnActiveAdmin(admin, planOf(admin, { role: Role.END_USER }))).toBe(true);
    expect(removesAnActiveAdmin(admin, planOf(admin, { role: Role.AGENT, departmentId: 'd1' }))).toBe(true);
    expect(removesAnActiveAdmin(admin, planOf(admin, { fullName: 'Renamed' }))).toBe(false);
    const inactive = { ...admin, isActive: false };
    expect(removesAnActiveAdmin(inactive, planOf(inactive, { role: Role.END_USER }))).toBe(false);
    const agent = account();
    expect(removesAnActiveAdmin(agent, planOf(agent, { isActive: false }))).toBe(false);
  });

  it('is kept: another active ADMIN must remain, and the caller must still be one', () => {
    expect(checkAdminsRemain(actor, 'a2', ['a1', 'a2'])).toEqual({ ok: true });
    expect(checkAdminsRemain(actor, 'a2', ['a2'])).toEqual({
      ok: false,
      reason: 'The last active ADMIN cannot be demoted or deactivated',
    });
    expect(checkAdminsRemain(actor, 'a2', [])).toMatchObject({ ok: false });
    expect(checkAdminsRemain(actor, 'a2', ['a2', 'a3'])).toEqual({
      ok: false,
      reason: expect.stringContaining('no longer an active ADMIN'),
    });
  });
});
