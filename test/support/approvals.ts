import {
  ApprovalRequest,
  ApprovalStatus,
  StepApprover,
  StepStatus,
} from '../../src/modules/approvals/domain/approval';

/** An approver of a step, undecided and active unless `over` says otherwise (for the approvals domain specs). */
export const approver = (userId: string, over: Partial<StepApprover> = {}): StepApprover => ({
  userId,
  source: 'USER',
  addedAt: new Date(0),
  active: true,
  replacedBy: null,
  replacedAt: null,
  decision: null,
  decidedBy: null,
  comment: null,
  decidedAt: null,
  ...over,
});

/** A request of one ALL step with `approvers`; at that step while the request is pending. */
export const approvalRequest = (
  approvers: StepApprover[],
  {
    status = ApprovalStatus.PENDING,
    stepStatus = StepStatus.PENDING,
  }: { status?: ApprovalStatus; stepStatus?: StepStatus } = {},
): ApprovalRequest => ({
  id: 'r',
  ticketId: 't',
  ticketPid: 'TKT-202611-000001',
  requesterId: 'req',
  serviceItemId: null,
  status,
  currentStep: status === ApprovalStatus.PENDING ? 1 : null,
  createdAt: new Date(0),
  closedAt: null,
  steps: [
    {
      id: 's1',
      position: 1,
      mode: 'ALL',
      rules: [],
      status: stepStatus,
      openedAt: null,
      closedAt: null,
      approvers,
    },
  ],
});
