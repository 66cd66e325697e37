import { Role } from './role';
import { checkStaffChange, staffScopeFor } from './staff-scope';

const refusal = (reason: string | RegExp) => ({
  ok: false,
  reason: typeof reason === 'string' ? reason : expect.stringMatching(reason),
});

describe('staffScopeFor', () => {
  it('gives an admin every department', () => {
    expect(staffScopeFor({ id: 'a', role: Role.ADMIN, departmentId: null })).toEqual({
      ok: true,
      scope: { kind: 'all' },
    });
  });

  it('limits a team lead to their own department, whatever they ask for', () => {
    expect(staffScopeFor({ id: 't', role: Role.TEAM_LEAD, departmentId: 'd1' })).toEqual({
      ok: true,
      scope: { kind: 'department', departmentId: 'd1' },
    });
  });

  it('refuses agents, end users and a team lead without a department', () => {
    const managersOnly = refusal('Only admins and team leads may manage staff');
    expect(staffScopeFor({ id: 'x', role: Role.AGENT, departmentId: 'd1' })).toEqual(managersOnly);
    expect(staffScopeFor({ id: 'x', role: Role.END_USER, departmentId: null })).toEqual(managersOnly);
    expect(staffScopeFor({ id: 'x', role: Role.TEAM_LEAD, departmentId: null })).toEqual(managersOnly);
  });
});

describe('checkStaffChange', () => {
  const admin = { id: 'a', role: Role.ADMIN, departmentId: null };
  const lead = { id: 't', role: Role.TEAM_LEAD, departmentId: 'd1' };

  it('lets an admin change anything of anyone', () => {
    expect(
      checkStaffChange(admin, { role: Role.TEAM_LEAD }, ['role', 'departmentId', 'teamId', 'available']),
    ).toEqual({ ok: true });
  });

  it('lets a team lead change available and teamId of an agent', () => {
    expect(checkStaffChange(lead, { role: Role.AGENT }, ['available', 'teamId'])).toEqual({ ok: true });
  });

  it('refuses a team lead any other field', () => {
    expect(checkStaffChange(lead, { role: Role.AGENT }, ['available', 'role'])).toEqual(refusal(/not role$/));
    expect(checkStaffChange(lead, { role: Role.AGENT }, ['departmentId'])).toEqual(
      refusal('A team lead may change only available and teamId, not departmentId'),
    );
  });

  it('refuses a team lead changes to non-agents', () => {
    expect(checkStaffChange(lead, { role: Role.TEAM_LEAD }, ['available'])).toEqual(
      refusal('A team lead may change only agents'),
    );
  });

  it('refuses agents', () => {
    expect(
      checkStaffChange({ id: 'g', role: Role.AGENT, departmentId: 'd1' }, { role: Role.AGENT }, [
        'available',
      ]),
    ).toEqual(refusal('Only admins and team leads may manage staff'));
  });
});
