import { Role } from '../../../common/auth/role';
import { checkShare } from './saved-view';

const user = (role: Role, departmentId: string | null) => ({ id: 'u', role, departmentId });

describe('checkShare', () => {
  it('shares with the sharer’s own department', () => {
    expect(checkShare(user(Role.AGENT, 'dept-a'))).toEqual({ ok: true, departmentId: 'dept-a' });
    expect(checkShare(user(Role.ADMIN, 'dept-b'))).toEqual({ ok: true, departmentId: 'dept-b' });
  });

  it('refuses an end user as forbidden and staff of no department as invalid', () => {
    expect(checkShare(user(Role.END_USER, 'dept-a'))).toEqual({
      ok: false,
      kind: 'forbidden',
      reason: 'Only staff may share views',
    });
    expect(checkShare(user(Role.TEAM_LEAD, null))).toEqual({
      ok: false,
      kind: 'invalid',
      reason: 'you belong to no department to share it with',
    });
  });
});
