import { Role } from './role';
import { canLeadTeam, inTeamScope, teamScopeFor } from './team';

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

describe('teamScopeFor', () => {
  const team = { departmentId: 'd1' };
  const actor = (role: Role, departmentId: string | null) => ({ id: 'u1', role, departmentId });

  it('lets an ADMIN read every team, wherever the admin is placed', () => {
    expect(inTeamScope(teamScopeFor(actor(Role.ADMIN, null)), team)).toBe(true);
    expect(inTeamScope(teamScopeFor(actor(Role.ADMIN, 'd2')), team)).toBe(true);
  });

  it("limits agents and team leads to their own department's teams", () => {
    for (const role of [Role.AGENT, Role.TEAM_LEAD]) {
      expect(inTeamScope(teamScopeFor(actor(role, 'd1')), team)).toBe(true);
      expect(inTeamScope(teamScopeFor(actor(role, 'd2')), team)).toBe(false);
      expect(inTeamScope(teamScopeFor(actor(role, null)), team)).toBe(false);
    }
  });
});
