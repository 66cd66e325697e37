import { Role } from '../../../common/auth/role';
import { checkTemplateChange } from './template-access';

const template = { ownerId: 'author' };
const refused = { ok: false, reason: 'Only the template’s author or an ADMIN may change it' };

describe('checkTemplateChange', () => {
  it.each([
    ['its author, an agent', { id: 'author', role: Role.AGENT }, { ok: true }],
    ['its author, a team lead', { id: 'author', role: Role.TEAM_LEAD }, { ok: true }],
    ['an ADMIN who did not write it', { id: 'admin', role: Role.ADMIN }, { ok: true }],
    ['another agent', { id: 'other', role: Role.AGENT }, refused],
    ['a team lead who did not write it', { id: 'lead', role: Role.TEAM_LEAD }, refused],
    ['an end user', { id: 'user', role: Role.END_USER }, refused],
  ])('%s', (_who, caller, expected) => {
    expect(checkTemplateChange(caller, template)).toEqual(expected);
  });
});
