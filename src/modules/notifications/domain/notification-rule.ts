import { Role } from '../../../common/auth/role';
import { EventType } from '../../../common/events/domain-event';
import { FieldProblem } from '../../../common/errors/domain-errors';
import { ALL_EVENTS, WEBHOOK_EVENT_FILTERS } from './event-subscriptions';
import { TicketSnapshot } from '../../../common/events/ticket-snapshot';
import { EventMessage } from './notification';
import { actorOf, NotificationKind, PlannedNotification } from './recipients';

export const RULE_CHANNELS = ['EMAIL', 'IN_APP'] as const;
export type RuleChannel = (typeof RULE_CHANNELS)[number];

export const RULE_PARTIES = ['REQUESTER', 'ASSIGNEE', 'TEAM_LEADS'] as const;
export type RuleParty = (typeof RULE_PARTIES)[number];
/** staff roles a rule may address: ADMINs all of them, AGENT and TEAM_LEAD those of the ticket's department */
export const RULE_ROLES = [Role.AGENT, Role.TEAM_LEAD, Role.ADMIN] as const;
export type RuleRole = (typeof RULE_ROLES)[number];

/** As the API takes and gives it: `"REQUESTER"`, `{userId}` or `{role}`. */
export type RuleRecipient = RuleParty | { userId: string } | { role: RuleRole };

export interface RuleConditions {
  departmentId?: string;
  priority?: string;
  status?: string;
}

/** What the worker needs of a rule (and what the cache holds). */
export interface ActiveRule {
  id: string;
  event: string;
  conditions: RuleConditions;
  recipients: RuleRecipient[];
  channels: RuleChannel[];
}

export interface NotificationRule extends ActiveRule {
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What a rule may name as its event: any public event type, or `*` for all. */
export const RULE_EVENTS: readonly string[] = WEBHOOK_EVENT_FILTERS;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The recipients in canonical form (duplicates dropped), or one problem per bad entry (`recipients[2]`). */
export function parseRecipients(
  raw: unknown,
): { ok: true; value: RuleRecipient[] } | { ok: false; problems: FieldProblem[] } {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > 50)
    return { ok: false, problems: [{ field: 'recipients', message: 'must list 1 to 50 recipients' }] };
  const problems: FieldProblem[] = [];
  const value: RuleRecipient[] = [];
  const seen = new Set<string>();
  raw.forEach((entry: unknown, i) => {
    const parsed = parseRecipient(entry);
    if (!parsed) {
      problems.push({
        field: `recipients[${i}]`,
        message: `must be ${RULE_PARTIES.map((p) => `"${p}"`).join(', ')}, {userId: <uuid>} or {role: ${RULE_ROLES.join('|')}}`,
      });
      return;
    }
    const key = JSON.stringify(parsed);
    if (seen.has(key)) return;
    seen.add(key);
    value.push(parsed);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value };
}

function parseRecipient(entry: unknown): RuleRecipient | null {
  if (typeof entry === 'string')
    return (RULE_PARTIES as readonly string[]).includes(entry) ? (entry as RuleParty) : null;
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return null;
  const keys = Object.keys(entry);
  if (keys.length !== 1) return null;
  const o = entry as Record<string, unknown>;
  if (typeof o.userId === 'string' && UUID.test(o.userId)) return { userId: o.userId.toLowerCase() };
  if (typeof o.role === 'string' && (RULE_ROLES as readonly string[]).includes(o.role))
    return { role: o.role as RuleRole };
  return null;
}

/**
 * The conditions as stored: only those given, the department's uuid in lower case (as PostgreSQL writes it, so
 * a rule sent with an upper-case id matches the tickets of its department).
 */
export function canonicalConditions(c: {
  departmentId?: string | null;
  priority?: string | null;
  status?: string | null;
}): RuleConditions {
  const given = { departmentId: c.departmentId?.toLowerCase(), priority: c.priority, status: c.status };
  return Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined && v !== null));
}

/** Named users of the recipients (to check they exist). */
export const namedUsers = (recipients: readonly RuleRecipient[]): string[] =>
  recipients.flatMap((r) => (typeof r === 'object' && 'userId' in r ? [r.userId] : []));

/** Whether the rule is about this event on this ticket (its state after the change). */
export function ruleApplies(
  rule: Pick<ActiveRule, 'event' | 'conditions'>,
  type: string,
  t: TicketSnapshot,
): boolean {
  if (rule.event !== ALL_EVENTS && rule.event !== type) return false;
  const c = rule.conditions;
  // uuids compared in lower case: a rule stored before its conditions were made canonical may hold upper case
  if (c.departmentId !== undefined && c.departmentId.toLowerCase() !== t.departmentId?.toLowerCase())
    return false;
  if (c.priority !== undefined && c.priority !== t.priority) return false;
  if (c.status !== undefined && c.status !== t.status) return false;
  return true;
}

/** The roles some matching rule addresses, so the caller can look their members up once. */
export function rolesNeeded(rules: readonly ActiveRule[]): RuleRole[] {
  const roles = new Set<RuleRole>();
  for (const rule of rules)
    for (const r of rule.recipients) if (typeof r === 'object' && 'role' in r) roles.add(r.role);
  return [...roles];
}

export const needsLeads = (rules: readonly ActiveRule[]): boolean =>
  rules.some((rule) => rule.recipients.includes('TEAM_LEADS'));

/** The built-in wording of each event that has one, fixed or read from the event. */
const RULE_KINDS: Partial<
  Record<EventType, NotificationKind | ((event: EventMessage, t: TicketSnapshot) => NotificationKind)>
> = {
  [EventType.TICKET_CREATED]: 'new_ticket',
  [EventType.TICKET_MESSAGE_ADDED]: (event, t) =>
    actorOf(event) === t.requesterId ? 'requester_reply' : 'reply',
  [EventType.TICKET_NOTE_ADDED]: 'note',
  [EventType.TICKET_STATUS_CHANGED]: (event) => (event.data.to === 'RESOLVED' ? 'resolved' : 'status'),
  [EventType.TICKET_ASSIGNED]: 'assignment',
  [EventType.TICKET_PRIORITY_CHANGED]: 'priority',
  [EventType.TICKET_ATTACHMENT_ADDED]: 'attachment',
  [EventType.APPROVAL_REQUESTED]: 'approval_requested',
  [EventType.APPROVAL_DECIDED]: 'approval_decided',
  [EventType.SLA_BREACHED]: 'sla_breached',
};

/** How a rule's notice reads: the built-in wording for the event where there is one, else 'updated'. */
export function ruleKindOf(event: EventMessage, t: TicketSnapshot): NotificationKind {
  const kind = RULE_KINDS[event.type as EventType] ?? 'updated';
  return typeof kind === 'string' ? kind : kind(event, t);
}

export interface RuleAudience {
  /** the department's team leads (when a rule names TEAM_LEADS) */
  leads: readonly string[];
  /** active users of each role a rule names: all ADMINs, the ticket department's AGENTs and TEAM_LEADs */
  byRole: ReadonlyMap<RuleRole, readonly string[]>;
}

/**
 * What the matching rules add for one event, before anyone is filtered (the same filters as the built-in notices
 * apply afterwards, and one person gets one notice per channel whatever the number of rules naming them).
 */
export function planByRules(
  event: EventMessage,
  t: TicketSnapshot,
  rules: readonly ActiveRule[],
  audience: RuleAudience,
): PlannedNotification[] {
  const kind = ruleKindOf(event, t);
  const planned: PlannedNotification[] = [];
  for (const rule of rules) {
    if (!ruleApplies(rule, event.type, t)) continue;
    const mail = rule.channels.includes('EMAIL');
    const inApp = rule.channels.includes('IN_APP');
    for (const r of rule.recipients) {
      const ids =
        r === 'REQUESTER'
          ? [t.requesterId]
          : r === 'ASSIGNEE'
            ? t.assigneeId
              ? [t.assigneeId]
              : []
            : r === 'TEAM_LEADS'
              ? audience.leads
              : 'userId' in r
                ? [r.userId]
                : (audience.byRole.get(r.role) ?? []);
      for (const userId of ids) planned.push({ userId, kind, mail, inApp, byRule: true });
    }
  }
  return planned;
}
