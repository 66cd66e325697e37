import { Role } from './role';
import { canLeadTeam } from './team';

describe('canLeadTeam', () => {
  const dept = 'd1';

  it('accepts an active TEAM_LEAD of the same department', () => {
    expect(canLeadTeam({ role: Role.TEAM_LEAD, isActive: true, departmentId: dept }, dept)).toBe(true);
  });

  it('refuses a TEAM_LEAD of another department, or none', () => {
    expect(canLeadTeam({ role: Role.TEAM_LEAD, isActive: true, departmentId: 'd2' }, dept)).toBe(false);
    expect(canLeadTeam({ role: Role.TEAM_LEAD, isActive: true, departmentId: null }, dept)).toBe(false);
  });

  it('refuses a deactivated TEAM_LEAD', () => {
    expect(canLeadTeam({ role: Role.TEAM_LEAD, isActive: false, departmentId: dept }, dept)).toBe(false);
  });

  it('accepts an active ADMIN without a department or of this one, not of another', () => {
    expect(canLeadTeam({ role: Role.ADMIN, isActive: true, departmentId: null }, dept)).toBe(true);
    expect(canLeadTeam({ role: Role.ADMIN, isActive: true, departmentId: dept }, dept)).toBe(true);
    expect(canLeadTeam({ role: Role.ADMIN, isActive: true, departmentId: 'd2' }, dept)).toBe(false);
    expect(canLeadTeam({ role: Role.ADMIN, isActive: false, departmentId: null }, dept)).toBe(false);
  });

  it('refuses agents and end users', () => {
    expect(canLeadTeam({ role: Role.AGENT, isActive: true, departmentId: dept }, dept)).toBe(false);
    expect(canLeadTeam({ role: Role.END_USER, isActive: true, departmentId: null }, dept)).toBe(false);
  });
});
