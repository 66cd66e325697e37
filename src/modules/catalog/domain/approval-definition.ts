import { FieldProblem } from '../../../common/errors/domain-errors';

export type ApprovalMode = 'ALL' | 'ANY';
export const APPROVAL_MODES: readonly ApprovalMode[] = ['ALL', 'ANY'];

export type TeamLeadScope = 'REQUESTER_DEPARTMENT' | 'ITEM_DEPARTMENT';
export const TEAM_LEAD_SCOPES: readonly TeamLeadScope[] = ['REQUESTER_DEPARTMENT', 'ITEM_DEPARTMENT'];

/** A named user, or the team leads of a department worked out when the step opens. */
export type ApproverRule = { userId: string } | { role: 'TEAM_LEAD'; scope: TeamLeadScope };

export interface ApprovalStepDefinition {
  mode: ApprovalMode;
  approvers: ApproverRule[];
}

/** A service item's approval chain: steps run in order. */
export interface ApprovalChainDefinition {
  steps: ApprovalStepDefinition[];
}

export const MAX_APPROVAL_STEPS = 10;
export const MAX_APPROVERS_PER_STEP = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks an `approval` value as sent and returns it in canonical form (user ids lower-cased, duplicates within a
 * step dropped), or the problems, each naming its path (`approval.steps[0].approvers[1].scope`).
 */
export function parseApprovalDefinition(
  raw: unknown,
): { ok: true; value: ApprovalChainDefinition } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });
  if (!isObject(raw)) return { ok: false, problems: [{ field: 'approval', message: 'must be an object' }] };
  for (const key of Object.keys(raw)) if (key !== 'steps') problem(`approval.${key}`, 'is not allowed');
  const steps = raw.steps;
  if (!Array.isArray(steps) || steps.length === 0 || steps.length > MAX_APPROVAL_STEPS) {
    problem('approval.steps', `must be a list of 1 to ${MAX_APPROVAL_STEPS} steps`);
    return { ok: false, problems };
  }
  const value: ApprovalChainDefinition = { steps: [] };
  steps.forEach((step: unknown, i) => {
    const at = `approval.steps[${i}]`;
    if (!isObject(step)) return problem(at, 'must be an object');
    for (const key of Object.keys(step))
      if (key !== 'mode' && key !== 'approvers') problem(`${at}.${key}`, 'is not allowed');
    if (!APPROVAL_MODES.includes(step.mode as ApprovalMode)) problem(`${at}.mode`, 'must be ALL or ANY');
    const approvers = step.approvers;
    if (!Array.isArray(approvers) || approvers.length === 0 || approvers.length > MAX_APPROVERS_PER_STEP) {
      return problem(`${at}.approvers`, `must be a list of 1 to ${MAX_APPROVERS_PER_STEP} approvers`);
    }
    const rules: ApproverRule[] = [];
    approvers.forEach((approver: unknown, j) => {
      const rule = parseRule(approver, `${at}.approvers[${j}]`, problem);
      if (rule && !rules.some((r) => sameRule(r, rule))) rules.push(rule);
    });
    value.steps.push({ mode: step.mode as ApprovalMode, approvers: rules });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value };
}

function parseRule(
  raw: unknown,
  at: string,
  problem: (field: string, message: string) => void,
): ApproverRule | null {
  if (!isObject(raw)) {
    problem(at, 'must be {userId} or {role: TEAM_LEAD, scope}');
    return null;
  }
  if ('userId' in raw) {
    for (const key of Object.keys(raw)) if (key !== 'userId') problem(`${at}.${key}`, 'is not allowed');
    if (typeof raw.userId !== 'string' || !UUID.test(raw.userId)) {
      problem(`${at}.userId`, 'must be a UUID');
      return null;
    }
    return { userId: raw.userId.toLowerCase() };
  }
  for (const key of Object.keys(raw))
    if (key !== 'role' && key !== 'scope') problem(`${at}.${key}`, 'is not allowed');
  if (raw.role !== 'TEAM_LEAD') problem(`${at}.role`, 'must be TEAM_LEAD (or give a userId)');
  if (!TEAM_LEAD_SCOPES.includes(raw.scope as TeamLeadScope)) {
    problem(`${at}.scope`, 'must be REQUESTER_DEPARTMENT or ITEM_DEPARTMENT');
  }
  if (raw.role !== 'TEAM_LEAD' || !TEAM_LEAD_SCOPES.includes(raw.scope as TeamLeadScope)) return null;
  return { role: 'TEAM_LEAD', scope: raw.scope as TeamLeadScope };
}

const sameRule = (a: ApproverRule, b: ApproverRule): boolean =>
  'userId' in a ? 'userId' in b && a.userId === b.userId : !('userId' in b) && a.scope === b.scope;

/** The user ids a chain names directly (they must exist when the item is saved). */
export const namedApprovers = (chain: ApprovalChainDefinition): string[] => [
  ...new Set(chain.steps.flatMap((s) => s.approvers.flatMap((a) => ('userId' in a ? [a.userId] : [])))),
];
