import { Role } from '../../../common/auth/role';
import { approvalRequest, approver } from '../../../../test/support/approvals';
import { ApprovalStatus } from './approval';
import { checkDelegationEnd, decisionRefusal, pickCapacity } from './approval-access';

describe('decisionRefusal', () => {
  const open = approvalRequest([approver('a', { decision: 'APPROVED', decidedBy: 'a' }), approver('b')]);

  it('hides the request (404) from whom does not see it', () => {
    expect(decisionRefusal(open, 'x', new Set(), false)).toEqual({ ok: false, kind: 'not-found' });
  });

  it('is a conflict (409) on a closed request, or for whom had their turn', () => {
    expect(
      decisionRefusal(
        approvalRequest([approver('b')], { status: ApprovalStatus.APPROVED }),
        'x',
        new Set(),
        true,
      ),
    ).toEqual({
      ok: false,
      kind: 'conflict',
      reason: 'This approval request is already APPROVED',
    });
    expect(decisionRefusal(open, 'a', new Set(), true)).toEqual({
      ok: false,
      kind: 'conflict',
      reason: 'You already decided on this request',
    });
    expect(decisionRefusal(open, 'delegate', new Set(['a']), true)).toMatchObject({ kind: 'conflict' });
  });

  it('refuses (403) the requester, even standing in for an approver whose turn has passed', () => {
    expect(decisionRefusal(open, 'req', new Set(['a']), true)).toEqual({
      ok: false,
      kind: 'forbidden',
      reason: 'You may not decide on your own ticket',
    });
  });

  it('refuses (403) anyone else who sees the request', () => {
    expect(decisionRefusal(open, 'x', new Set(), true)).toEqual({
      ok: false,
      kind: 'forbidden',
      reason: 'You are not an approver of this request’s open step',
    });
  });
});

describe('pickCapacity', () => {
  it('takes the delegator asked for, only when the caller may stand in for them now', () => {
    expect(pickCapacity(['u', 'd1'], 'u', 'd1')).toEqual({ ok: true, approverId: 'd1' });
    expect(pickCapacity(['u'], 'u', 'd2')).toEqual({
      ok: false,
      kind: 'forbidden',
      reason: 'You may not decide in that user’s name on this step now',
    });
  });

  it("takes one's own name first, else the only delegator waiting", () => {
    expect(pickCapacity(['d1', 'u'], 'u')).toEqual({ ok: true, approverId: 'u' });
    expect(pickCapacity(['d1'], 'u')).toEqual({ ok: true, approverId: 'd1' });
  });

  it('asks to name one (400 about onBehalfOf) when several delegators wait', () => {
    expect(pickCapacity(['d1', 'd2'], 'u')).toEqual({
      ok: false,
      kind: 'invalid',
      field: 'onBehalfOf',
      reason: 'several approvers who delegated to you wait on this step: name one',
    });
  });
});

describe('checkDelegationEnd', () => {
  const delegation = { delegatorId: 'from', delegateId: 'to' };

  it('lets the delegator or an ADMIN end it', () => {
    expect(checkDelegationEnd({ id: 'from', role: Role.AGENT }, delegation)).toEqual({ ok: true });
    expect(checkDelegationEnd({ id: 'admin', role: Role.ADMIN }, delegation)).toEqual({ ok: true });
  });

  it('refuses the delegate (403) and hides it from anyone else (404)', () => {
    expect(checkDelegationEnd({ id: 'to', role: Role.AGENT }, delegation)).toEqual({
      ok: false,
      kind: 'forbidden',
      reason: 'Only the delegator may end a delegation',
    });
    expect(checkDelegationEnd({ id: 'x', role: Role.TEAM_LEAD }, delegation)).toEqual({
      ok: false,
      kind: 'not-found',
    });
  });
});
