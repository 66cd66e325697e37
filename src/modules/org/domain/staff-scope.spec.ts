import { ForbiddenError } from '../../../common/errors/domain-errors';
import { Role } from './role';
import { authorizeStaffChange, staffScopeFor } from './staff-scope';

describe('staffScopeFor', () => {
  it('gives an admin every department', () => {
    expect(staffScopeFor({ id: 'a', role: Role.ADMIN, departmentId: null })).toEqual({ kind: 'all' });
  });

  it('limits a team lead to their own department, whatever they ask for', () => {
    expect(staffScopeFor({ id: 't', role: Role.TEAM_LEAD, departmentId: 'd1' })).toEqual({
      kind: 'department',
      departmentId: 'd1',
    });
  });

  it('refuses agents, end users and a team lead without a department', () => {
    expect(() => staffScopeFor({ id: 'x', role: Role.AGENT, departmentId: 'd1' })).toThrow(ForbiddenError);
    expect(() => staffScopeFor({ id: 'x', role: Role.END_USER, departmentId: null })).toThrow(ForbiddenError);
    expect(() => staffScopeFor({ id: 'x', role: Role.TEAM_LEAD, departmentId: null })).toThrow(
      ForbiddenError,
    );
  });
});

describe('authorizeStaffChange', () => {
  const admin = { id: 'a', role: Role.ADMIN, departmentId: null };
  const lead = { id: 't', role: Role.TEAM_LEAD, departmentId: 'd1' };

  it('lets an admin change anything of anyone', () => {
    expect(() =>
      authorizeStaffChange(admin, { role: Role.TEAM_LEAD }, ['role', 'departmentId', 'teamId', 'available']),
    ).not.toThrow();
  });

  it('lets a team lead change available and teamId of an agent', () => {
    expect(() => authorizeStaffChange(lead, { role: Role.AGENT }, ['available', 'teamId'])).not.toThrow();
  });

  it('refuses a team lead any other field', () => {
    expect(() => authorizeStaffChange(lead, { role: Role.AGENT }, ['available', 'role'])).toThrow(/not role/);
    expect(() => authorizeStaffChange(lead, { role: Role.AGENT }, ['departmentId'])).toThrow(ForbiddenError);
  });

  it('refuses a team lead changes to non-agents', () => {
    expect(() => authorizeStaffChange(lead, { role: Role.TEAM_LEAD }, ['available'])).toThrow(ForbiddenError);
  });

  it('refuses agents', () => {
    expect(() =>
      authorizeStaffChange({ id: 'g', role: Role.AGENT, departmentId: 'd1' }, { role: Role.AGENT }, [
        'available',
      ]),
    ).toThrow(ForbiddenError);
  });
});
