import { approvalRequest, approver } from '../../../../test/support/approvals';
import {
  ApprovalStatus,
  capacitiesOf,
  hadTurn,
  resolveStep,
  ResolutionFacts,
  StepStatus,
  stepOutcome,
} from './approval';

const approved = (userId: string, by = userId) =>
  approver(userId, { decision: 'APPROVED', decidedBy: by, decidedAt: new Date(1) });
const rejected = (userId: string) =>
  approver(userId, { decision: 'REJECTED', decidedBy: userId, decidedAt: new Date(1) });

const facts = (over: Partial<ResolutionFacts> = {}): ResolutionFacts => ({
  requesterId: 'req',
  activeUsers: new Set(['a', 'b']),
  requesterDepartmentLeads: [],
  itemDepartmentLeads: ['lead1', 'lead2'],
  activeAdmins: ['admin'],
  ...over,
});

describe('stepOutcome', () => {
  it('passes ALL only when every live approver approved, ANY with one', () => {
    expect(stepOutcome({ mode: 'ALL', approvers: [approved('a'), approver('b')] })).toBe('PENDING');
    expect(stepOutcome({ mode: 'ALL', approvers: [approved('a'), approved('b')] })).toBe('APPROVED');
    expect(stepOutcome({ mode: 'ANY', approvers: [approved('a'), approver('b')] })).toBe('APPROVED');
    expect(stepOutcome({ mode: 'ANY', approvers: [approver('a')] })).toBe('PENDING');
  });

  it('rejects on one rejection, and ignores replaced approvers', () => {
    expect(stepOutcome({ mode: 'ANY', approvers: [rejected('a'), approver('b')] })).toBe('REJECTED');
    const replaced = approver('gone', { replacedBy: 'b', replacedAt: new Date(1) });
    expect(stepOutcome({ mode: 'ALL', approvers: [approved('a'), replaced, approved('b')] })).toBe(
      'APPROVED',
    );
    // a deactivated approver still holds an ALL step
    expect(stepOutcome({ mode: 'ALL', approvers: [approved('a'), approver('c', { active: false })] })).toBe(
      'PENDING',
    );
  });
});

describe('resolveStep', () => {
  it('takes active named users and the leads of the named department, once each, never the requester', () => {
    const resolved = resolveStep(
      {
        mode: 'ALL',
        rules: [
          { userId: 'a' },
          { userId: 'inactive' },
          { role: 'TEAM_LEAD', scope: 'ITEM_DEPARTMENT' },
          { userId: 'lead1' },
          { userId: 'req' },
        ],
      },
      facts({ activeUsers: new Set(['a', 'lead1', 'req']) }),
    );
    expect(resolved).toEqual({
      mode: 'ALL',
      approvers: [
        { userId: 'a', source: 'USER' },
        { userId: 'lead1', source: 'TEAM_LEAD:ITEM_DEPARTMENT' },
        { userId: 'lead2', source: 'TEAM_LEAD:ITEM_DEPARTMENT' },
      ],
    });
  });

  it('falls back to any one active ADMIN when the rules leave nobody', () => {
    const resolved = resolveStep(
      { mode: 'ALL', rules: [{ role: 'TEAM_LEAD', scope: 'REQUESTER_DEPARTMENT' }] },
      facts({ activeAdmins: ['admin', 'req'] }),
    );
    expect(resolved).toEqual({ mode: 'ANY', approvers: [{ userId: 'admin', source: 'FALLBACK_ADMIN' }] });
  });
});

describe('capacitiesOf and hadTurn', () => {
  it('names the user and the waiting, active delegators they stand in for', () => {
    const r = approvalRequest([
      approver('a'),
      approver('b'),
      approver('c', { active: false }),
      approved('d'),
    ]);
    expect(capacitiesOf(r, 'a', new Set())).toEqual(['a']);
    expect(capacitiesOf(r, 'x', new Set(['b', 'c', 'd']))).toEqual(['b']);
    expect(capacitiesOf(r, 'a', new Set(['b']))).toEqual(['a', 'b']);
    expect(
      capacitiesOf({ ...r, status: ApprovalStatus.REJECTED, currentStep: null }, 'a', new Set()),
    ).toEqual([]);
  });

  it('gives the requester no capacity on their own ticket, not even through a delegation', () => {
    const r = approvalRequest([approver('a'), approver('req')]);
    expect(capacitiesOf(r, 'req', new Set(['a']))).toEqual([]);
    expect(capacitiesOf(r, 'req', new Set())).toEqual([]);
    expect(capacitiesOf(r, 'x', new Set(['a']))).toEqual(['a']);
  });

  it('tells a second decision (409) from a lack of right (403)', () => {
    const r = approvalRequest([approved('a', 'delegate'), approver('b')]);
    expect(hadTurn(r, 'a', new Set())).toBe(true);
    expect(hadTurn(r, 'delegate', new Set())).toBe(true);
    expect(hadTurn(r, 'other', new Set(['a']))).toBe(true);
    expect(hadTurn(r, 'other', new Set())).toBe(false);
    expect(
      hadTurn(approvalRequest([approver('b')], { stepStatus: StepStatus.APPROVED }), 'b', new Set()),
    ).toBe(true);
  });
});
