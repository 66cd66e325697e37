import { Role } from '../../../common/auth/role';
import { reportAccess } from './report-access';

describe('reportAccess', () => {
  const admin = { role: Role.ADMIN, departmentId: null };
  const lead = { role: Role.TEAM_LEAD, departmentId: 'd1' };

  it('gives an ADMIN everything, or the department they name once it is found to exist', () => {
    expect(reportAccess(admin, undefined)).toEqual({ ok: true, departmentId: null, mustExist: false });
    expect(reportAccess(admin, 'd2')).toEqual({ ok: true, departmentId: 'd2', mustExist: true });
  });

  it('gives a TEAM_LEAD their own department, named or not', () => {
    const own = { ok: true, departmentId: 'd1', mustExist: false };
    expect(reportAccess(lead, undefined)).toEqual(own);
    expect(reportAccess(lead, 'd1')).toEqual(own);
  });

  it('hides another department (404) from a TEAM_LEAD, and every one from a lead without a department', () => {
    expect(reportAccess(lead, 'd2')).toEqual({ ok: false, kind: 'not-found' });
    expect(reportAccess({ role: Role.TEAM_LEAD, departmentId: null }, undefined)).toEqual({
      ok: false,
      kind: 'not-found',
    });
  });

  it('refuses (403) agents and end users', () => {
    for (const role of [Role.AGENT, Role.END_USER])
      expect(reportAccess({ role, departmentId: 'd1' }, undefined)).toEqual({
        ok: false,
        kind: 'forbidden',
        reason: 'Reports are for team leads and admins',
      });
  });
});
