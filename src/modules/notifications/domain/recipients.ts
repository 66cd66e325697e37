import { Role } from '../../../common/auth/role';
import { canSeeInternal } from '../../tickets/domain/ticket-access';
import { TicketStatus } from '../../tickets/domain/ticket-enums';
import { EventType } from '../../../common/events/domain-event';
import { TicketSnapshot } from '../../../common/events/ticket-snapshot';
import { EventMessage, Person } from './notification';

export type NotificationKind =
  | 'received'
  | 'new_ticket'
  | 'reply'
  | 'requester_reply'
  | 'note'
  | 'status'
  | 'resolved'
  | 'assigned'
  | 'priority'
  | 'approval_requested'
  | 'approval_decided'
  | 'sla_breached'
  | 'access_requested'
  | 'access_decided'
  // the wording of notices that only notification rules send
  | 'assignment'
  | 'attachment'
  | 'updated';

/** Who hears of an event, how, and as what kind of news. */
export interface PlannedNotification {
  userId: string;
  kind: NotificationKind;
  mail: boolean;
  inApp: boolean;
  /** sent even to the one who acted (a requester's confirmation of their own ticket) */
  toActor?: boolean;
  /** added by a notification rule: only for people who may read the ticket */
  byRule?: boolean;
}

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter(isString) : isString(v) ? [v] : []);

/** `data.ticket` when the event carries a ticket snapshot. */
export function ticketOf(data: Record<string, unknown>): TicketSnapshot | null {
  const t = data.ticket as Partial<TicketSnapshot> | undefined;
  if (!t || typeof t !== 'object' || !isString(t.id) || !isString(t.pid) || !isString(t.requesterId))
    return null;
  return {
    id: t.id,
    pid: t.pid,
    title: typeof t.title === 'string' ? t.title : '',
    status: typeof t.status === 'string' ? t.status : '',
    priority: typeof t.priority === 'string' ? t.priority : '',
    requesterId: t.requesterId,
    assigneeId: isString(t.assigneeId) ? t.assigneeId : null,
    departmentId: isString(t.departmentId) ? t.departmentId : null,
    teamId: isString(t.teamId) ? t.teamId : null,
    visibility: typeof t.visibility === 'string' ? t.visibility : 'INTERNAL',
  };
}

/**
 * Internal notes, and anything flagged internal, are for those who work the ticket: never mailed or shown to an
 * END_USER, nor to staff who may not read the ticket's internal notes (its requester as such, staff of another
 * department), by the tickets module's own rule.
 */
export const isInternalEvent = (event: Pick<EventMessage, 'type' | 'data'>): boolean =>
  event.type === (EventType.TICKET_NOTE_ADDED as string) || event.data.internal === true;

/** Whether a person may read the ticket's internal notes (`canSeeInternal`: ADMIN, its assignee, its department). */
export const maySeeInternal = (
  person: { id: string; role: string; departmentId?: string | null },
  t: TicketSnapshot,
): boolean =>
  canSeeInternal(
    { id: person.id, role: person.role as Role, departmentId: person.departmentId ?? null, teamId: null },
    {
      requesterId: t.requesterId,
      assigneeId: t.assigneeId,
      departmentId: t.departmentId,
      status: t.status as TicketStatus,
    },
  );

/** The author of a message event, else the actor. */
export const actorOf = (event: EventMessage): string | null =>
  isString(event.data.authorId) ? event.data.authorId : event.actorId;

/**
 * Those an `approval.requested` event asks: the approvals module names the step's approvers (`approverIds`) and them
 * with their delegates of the moment (`recipientIds`); `approverId` is honoured too. Without any, the department's
 * team leads are asked.
 */
export const approverIdsOf = (data: Record<string, unknown>): string[] => [
  ...new Set([...strings(data.approverIds), ...strings(data.recipientIds), ...strings(data.approverId)]),
];

/** Whether planning needs the team leads of the ticket's department. */
export function needsDepartmentLeads(event: EventMessage): boolean {
  if (event.type === (EventType.SLA_BREACHED as string)) return true;
  if (event.type === (EventType.TICKET_CREATED as string)) return ticketOf(event.data)?.teamId === null;
  return event.type === (EventType.APPROVAL_REQUESTED as string) && approverIdsOf(event.data).length === 0;
}

/** Whether planning needs the members of the ticket's team (a new ticket that already has one). */
export const needsTeamMembers = (event: EventMessage): boolean =>
  event.type === (EventType.TICKET_CREATED as string) && isString(ticketOf(event.data)?.teamId);

/** Everyone planning may need to know about (recipients and the actor, for names in templates). */
export function candidateIds(event: EventMessage): string[] {
  const t = ticketOf(event.data);
  const ids = [
    t?.requesterId,
    t?.assigneeId,
    event.actorId,
    actorOf(event),
    isString(event.data.assigneeId) ? event.data.assigneeId : null,
    ...approverIdsOf(event.data),
    ...strings(event.data.deciderIds),
    isString(event.data.requestedBy) ? event.data.requestedBy : null,
  ];
  return [...new Set(ids.filter(isString))];
}

/** The plan before anyone is filtered out: who would hear of this event, by the rules of the contract. */
function rawPlan(event: EventMessage, t: TicketSnapshot, leads: readonly string[]): PlannedNotification[] {
  const both = (userId: string | null, kind: NotificationKind): PlannedNotification[] =>
    userId ? [{ userId, kind, mail: true, inApp: true }] : [];
  const inAppOnly = (userId: string | null, kind: NotificationKind): PlannedNotification[] =>
    userId ? [{ userId, kind, mail: false, inApp: true }] : [];
  const restricted = t.visibility === 'RESTRICTED';
  // department leads are not parties to a RESTRICTED ticket: they must not learn of it this way
  const deptLeads = restricted ? [] : leads;
  const author = actorOf(event);

  if (isInternalEvent(event)) {
    if (event.type === (EventType.TICKET_NOTE_ADDED as string)) return inAppOnly(t.assigneeId, 'note');
    return [];
  }
  switch (event.type as EventType) {
    // the requester's confirmation (a guest's comes with their set-password link instead), and the news for the
    // department's team leads, or the team's members when it already has a team (`leads` holds whichever applies)
    case EventType.TICKET_CREATED:
      return [
        ...(event.data.channel === 'guest'
          ? []
          : [{ userId: t.requesterId, kind: 'received' as const, mail: true, inApp: false, toActor: true }]),
        ...deptLeads.flatMap((id) => inAppOnly(id, 'new_ticket')),
      ];
    case EventType.TICKET_MESSAGE_ADDED:
      if (author === t.requesterId) return both(t.assigneeId, 'requester_reply');
      // a public answer: the requester by mail, the assignee (if someone else answered) in-app
      return [...both(t.requesterId, 'reply'), ...inAppOnly(t.assigneeId, 'reply')];
    case EventType.TICKET_STATUS_CHANGED: {
      const to = isString(event.data.to) ? event.data.to : t.status;
      return [
        ...both(t.requesterId, to === 'RESOLVED' ? 'resolved' : 'status'),
        ...inAppOnly(t.assigneeId, 'status'),
      ];
    }
    case EventType.TICKET_ASSIGNED:
      return both(isString(event.data.assigneeId) ? event.data.assigneeId : t.assigneeId, 'assigned');
    case EventType.TICKET_PRIORITY_CHANGED:
      return inAppOnly(t.assigneeId, 'priority');
    case EventType.APPROVAL_REQUESTED: {
      const approvers = approverIdsOf(event.data);
      return (approvers.length > 0 ? approvers : deptLeads).flatMap((id) => both(id, 'approval_requested'));
    }
    case EventType.APPROVAL_DECIDED:
      return inAppOnly(t.requesterId, 'approval_decided');
    case EventType.SLA_BREACHED:
      return [t.assigneeId, ...deptLeads].flatMap((id) => both(id, 'sla_breached'));
    // those who decide an access request are named by it, team leads of a RESTRICTED ticket's department included
    case EventType.TICKET_ACCESS_REQUESTED:
      return strings(event.data.deciderIds).flatMap((id) => both(id, 'access_requested'));
    case EventType.TICKET_ACCESS_DECIDED:
      return both(isString(event.data.requestedBy) ? event.data.requestedBy : null, 'access_decided');
    default:
      return [];
  }
}

/**
 * Who is notified of an event, and how. Nobody hears of their own action; inactive or unknown users hear nothing;
 * an internal event reaches only those who may read the ticket's internal notes (never an END_USER), whatever the
 * rules above or the notification rules said; one entry per user.
 */
export function planNotifications(
  event: EventMessage,
  people: ReadonlyMap<string, Person>,
  leads: readonly string[] = [],
  byRules: readonly PlannedNotification[] = [],
): PlannedNotification[] {
  const t = ticketOf(event.data);
  if (!t) return [];
  const internal = isInternalEvent(event);
  const author = actorOf(event);
  const merged = new Map<string, PlannedNotification>();
  // built-in notices first, so their wording wins when a rule names the same person
  for (const planned of [...rawPlan(event, t, leads), ...byRules]) {
    if (!planned.toActor && (planned.userId === author || planned.userId === event.actorId)) continue;
    const person = people.get(planned.userId);
    if (!person || !person.isActive) continue;
    if (internal && !maySeeInternal(person, t)) continue;
    if (planned.byRule && !mayHearByRule(person, t, event)) continue;
    if (!planned.mail && !planned.inApp) continue;
    const seen = merged.get(planned.userId);
    if (seen) {
      seen.mail ||= planned.mail;
      seen.inApp ||= planned.inApp;
    } else {
      const { toActor: _ignored, byRule: _rule, ...kept } = planned;
      merged.set(planned.userId, kept);
    }
  }
  return [...merged.values()];
}

/**
 * Whether a person a rule names may hear of the ticket at all: the ticket's parties and ADMINs always; staff of its
 * department unless it is RESTRICTED; nobody else (a rule never tells anyone of a ticket they may not read), and of
 * an internal event only those who may read its internal notes (no END_USER, no requester as such).
 */
export function mayHearByRule(
  person: { id: string; role: string; departmentId?: string | null },
  t: TicketSnapshot,
  event: Pick<EventMessage, 'type' | 'data'>,
): boolean {
  if (isInternalEvent(event) && !maySeeInternal(person, t)) return false;
  if (person.role === (Role.ADMIN as string)) return true;
  if (person.id === t.requesterId || person.id === t.assigneeId) return true;
  if (person.role === (Role.END_USER as string)) return false;
  return t.visibility !== 'RESTRICTED' && !!person.departmentId && person.departmentId === t.departmentId;
}
