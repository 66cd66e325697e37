import { namedApprovers, parseApprovalDefinition } from './approval-definition';

const U1 = '6F1C7A52-4B0E-4B8E-9A55-0D4C1F1B2A10';
const U2 = '0b9a1a3e-7f6c-4c1e-8f4b-2a9d1e5c7b31';

describe('parseApprovalDefinition', () => {
  it('accepts a chain and returns it in canonical form', () => {
    const parsed = parseApprovalDefinition({
      steps: [
        { mode: 'ALL', approvers: [{ userId: U1 }, { userId: U1.toLowerCase() }, { userId: U2 }] },
        { mode: 'ANY', approvers: [{ role: 'TEAM_LEAD', scope: 'REQUESTER_DEPARTMENT' }] },
      ],
    });
    expect(parsed).toEqual({
      ok: true,
      value: {
        steps: [
          { mode: 'ALL', approvers: [{ userId: U1.toLowerCase() }, { userId: U2 }] },
          { mode: 'ANY', approvers: [{ role: 'TEAM_LEAD', scope: 'REQUESTER_DEPARTMENT' }] },
        ],
      },
    });
    if (parsed.ok) expect(namedApprovers(parsed.value)).toEqual([U1.toLowerCase(), U2]);
  });

  it.each<[string, unknown, string[]]>([
    ['not an object', [], ['approval']],
    ['no steps', { steps: [] }, ['approval.steps']],
    [
      'an unknown key',
      { steps: [{ mode: 'ANY', approvers: [{ userId: U1 }] }], when: 'now' },
      ['approval.when'],
    ],
    ['a bad mode', { steps: [{ mode: 'MOST', approvers: [{ userId: U1 }] }] }, ['approval.steps[0].mode']],
    ['no approvers', { steps: [{ mode: 'ALL', approvers: [] }] }, ['approval.steps[0].approvers']],
    [
      'a malformed user id',
      { steps: [{ mode: 'ALL', approvers: [{ userId: 'bob' }] }] },
      ['approval.steps[0].approvers[0].userId'],
    ],
    [
      'a role other than TEAM_LEAD and a missing scope',
      {
        steps: [
          { mode: 'ANY', approvers: [{ role: 'ADMIN', scope: 'ITEM_DEPARTMENT' }, { role: 'TEAM_LEAD' }] },
        ],
      },
      ['approval.steps[0].approvers[0].role', 'approval.steps[0].approvers[1].scope'],
    ],
    [
      'extra keys on an approver',
      { steps: [{ mode: 'ANY', approvers: [{ userId: U1, role: 'TEAM_LEAD' }] }] },
      ['approval.steps[0].approvers[0].role'],
    ],
    [
      'too many steps',
      { steps: Array(11).fill({ mode: 'ANY', approvers: [{ userId: U1 }] }) },
      ['approval.steps'],
    ],
  ])('refuses %s, naming the path', (_label, raw, fields) => {
    const parsed = parseApprovalDefinition(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.map((p) => p.field)).toEqual(fields);
  });
});
