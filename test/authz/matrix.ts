import { Case, Role, ROLES } from './world';

/*
 * The authorization matrix: for every operation of openapi.json, the status each caller gets on the resource of
 * each case. Cases are seen from the caller (see `Case` in world.ts): `own` is theirs or one they are party to,
 * `same` another one of their department, `other` another department's, `restricted` a RESTRICTED one of their
 * department they are not party to; `-` a call without a resource (lists, creates) or on a global one.
 *
 * Each row: the operation, its cases, then the status for anonymous, END_USER, AGENT, TEAM_LEAD and ADMIN (the
 * AGENT, TEAM_LEAD and ADMIN belong to department A). A number is the status on every case; a string gives one
 * status per case, in the order of the cases. The rules (API.md): what the caller may not see is 404, exactly as a
 * missing resource; 403 only for an action on a resource they can see, or on a route their role never has.
 */
export const TICKET = ['own', 'same', 'other', 'restricted'] as const satisfies readonly Case[];
export const OWN_SAME_OTHER = ['own', 'same', 'other'] as const satisfies readonly Case[];
export const OWN_OTHER = ['own', 'other'] as const satisfies readonly Case[];
export const SAME_OTHER = ['same', 'other'] as const satisfies readonly Case[];
export const OTHER = ['other'] as const satisfies readonly Case[];
export const REPORT = ['-', 'own', 'other'] as const satisfies readonly Case[];
export const NONE = ['-'] as const satisfies readonly Case[];
const NAMES = new Map<readonly Case[], string>([
  [TICKET, 'TICKET'],
  [OWN_SAME_OTHER, 'OWN_SAME_OTHER'],
  [OWN_OTHER, 'OWN_OTHER'],
  [SAME_OTHER, 'SAME_OTHER'],
  [OTHER, 'OTHER'],
  [REPORT, 'REPORT'],
  [NONE, 'NONE'],
]);

type Expect = number | string;
export interface Row {
  op: string;
  cases: readonly Case[];
  casesName: string;
  expect: Record<Role, Expect>;
}

function r(
  op: string,
  cases: readonly Case[],
  anonymous: Expect,
  END_USER: Expect,
  AGENT: Expect,
  TEAM_LEAD: Expect,
  ADMIN: Expect,
): Row {
  const expect = { anonymous, END_USER, AGENT, TEAM_LEAD, ADMIN };
  for (const role of ROLES) {
    const e = expect[role];
    if (typeof e === 'string' && e.split(' ').length !== cases.length)
      throw new Error(`matrix row ${op}: ${role} gives ${e}, not one status per case (${cases.join(' ')})`);
  }
  return { op, cases, casesName: NAMES.get(cases) ?? '?', expect };
}

/** The status `role` gets on the `i`th case of `row`. */
export function expectedOf(row: Row, role: Role, i: number): number {
  const e = row.expect[role];
  return typeof e === 'number' ? e : Number(e.split(' ')[i]);
}

/** Where a missing resource is not 404: asking for access answers the same whether or not the ticket exists. */
const MISSING: Record<string, Partial<Record<Role, number>>> = {
  'ticketAccessRequests.request': { AGENT: 202, TEAM_LEAD: 202, ADMIN: 202 },
  // every role reads every template: staff are refused changes to templates they see, and find no missing one
  'ticketTemplates.update': { AGENT: 404, TEAM_LEAD: 404 },
  'ticketTemplates.remove': { AGENT: 404, TEAM_LEAD: 404 },
};

/**
 * Answers that may name a resource their reader cannot open: a team lead decides the access requests on its
 * department's RESTRICTED tickets, so their list names those tickets (id and PID, nothing of their content).
 */
export const MAY_NAME_HIDDEN: Record<string, Role[]> = {
  'accessRequests.list': ['TEAM_LEAD'],
  'accessRequests.get': ['TEAM_LEAD'],
};

/**
 * What `role` gets when the resource in the path does not exist: 404, or the refusal the role gets on every case
 * of the route (401, 403: decided before any resource is looked at). Every 404 of the table must be this answer,
 * so a resource out of scope is indistinguishable from a missing one.
 */
export function missingOf(row: Row, role: Role): number {
  const special = MISSING[row.op]?.[role];
  if (special !== undefined) return special;
  const all = row.cases.map((_, i) => expectedOf(row, role, i));
  if (all.every((s) => s === all[0]) && (all[0] === 401 || all[0] === 403)) return all[0];
  return 404;
}

type Statuses = [anonymous: Expect, END_USER: Expect, AGENT: Expect, TEAM_LEAD: Expect, ADMIN: Expect];

/*
 * The kinds of route most operations are, each as the five statuses of a row given the status of the call that
 * succeeds. A ticket route answers 404 where its caller may not see the ticket: the END_USER sees their own, AGENT
 * and TEAM_LEAD their department's but not its RESTRICTED ones they are not party to, ADMIN every ticket.
 */
/** the same answer for every caller, signed in or not */
const ANY_CALLER = (s: number): Statuses => [s, s, s, s, s];
/** every signed-in caller */
const SIGNED_IN = (s: number): Statuses => [401, s, s, s, s];
/** staff: AGENT, TEAM_LEAD and ADMIN */
const STAFF = (s: number): Statuses => [401, 403, s, s, s];
/** only ADMIN: every other role is refused before any resource is looked at */
const ADMIN_ONLY = (s: number): Statuses => [401, 403, 403, 403, s];
/** a ticket route for everyone who sees the ticket */
const TICKET_READERS = (s: number): Statuses => [
  401,
  `${s} 404 404 404`,
  `${s} ${s} 404 404`,
  `${s} ${s} 404 404`,
  s,
];
/** a ticket route for the staff who see the ticket; END_USER never has it */
const TICKET_STAFF = (s: number): Statuses => [401, 403, `${s} ${s} 404 404`, `${s} ${s} 404 404`, s];

/** One row for each operation of `statuses` (operation -> status of its success), all of one kind of route. */
function rows(
  cases: readonly Case[],
  kind: (s: number) => Statuses,
  statuses: Record<string, number>,
): Row[] {
  return Object.entries(statuses).map(([op, s]) => r(op, cases, ...kind(s)));
}

/** The operations whose statuses follow none of the kinds above: one column per role. */
// prettier-ignore
const OWN_RULES: Row[] = [
  // operation                        cases           anonymous END_USER           AGENT              TEAM_LEAD          ADMIN
  r('teams.get',                      OWN_OTHER,      401,      403,               '200 404',         '200 404',         200),
  r('staff.list',                     NONE,           401,      403,               403,               200,               200),
  r('staff.update',                   OWN_SAME_OTHER, 401,      403,               403,               '403 200 404',     200),
  r('tickets.changeStatus',           TICKET,         401,      '403 404 404 404', '200 200 404 404', '200 200 404 404', 200),
  r('tickets.grant',                  TICKET,         401,      '201 404 404 404', '201 409 404 404', '201 409 404 404', '201 409 409 201'),
  r('notifications.read',             OWN_OTHER,      401,      '200 404',         '200 404',         '200 404',         '200 404'),
  r('views.get',                      TICKET,         401,      '200 404 404 404', '200 200 404 404', '200 200 404 404', '200 200 200 404'),
  r('views.update',                   TICKET,         401,      '200 404 404 404', '200 403 404 404', '200 200 404 404', '200 200 200 404'),
  r('views.remove',                   TICKET,         401,      '204 404 404 404', '204 403 404 404', '204 204 404 404', '204 204 204 404'),
  r('ticketAccessRequests.request',   TICKET,         401,      403,               '409 409 202 202', '409 409 202 202', 409),
  r('accessRequests.get',             OWN_SAME_OTHER, 401,      '200 404 404',     '200 404 404',     '200 200 404',     200),
  r('accessRequests.grant',           OWN_SAME_OTHER, 401,      '200 404 404',     '403 404 404',     '403 200 404',     200),
  r('accessRequests.deny',            OWN_SAME_OTHER, 401,      '200 404 404',     '403 404 404',     '403 200 404',     200),
  r('macros.get',                     OWN_OTHER,      401,      403,               '200 404',         '200 404',         200),
  r('macros.update',                  OWN_OTHER,      401,      403,               '403 404',         '200 404',         200),
  r('macros.remove',                  OWN_OTHER,      401,      403,               '403 404',         '204 404',         204),
  r('approvals.undelegate',           OWN_SAME_OTHER, 401,      '204 403 404',     '204 403 404',     '204 403 404',     204),
  r('approvals.get',                  OWN_SAME_OTHER, 401,      '200 404 404',     '200 200 404',     '200 200 404',     200),
  r('approvals.approve',              OWN_SAME_OTHER, 401,      '403 404 404',     '200 403 404',     '200 403 404',     '200 403 403'),
  r('approvals.reject',               OWN_SAME_OTHER, 401,      '403 404 404',     '200 403 404',     '200 403 404',     '200 403 403'),
  r('reports.summary',                REPORT,         401,      403,               403,               '200 200 404',     200),
  r('reports.agents',                 REPORT,         401,      403,               403,               '200 200 404',     200),
];

export const MATRIX: Row[] = [
  ...rows(NONE, ANY_CALLER, {
    'health.live': 200,
    'health.ready': 200,
    'metrics.scrape': 200,
    'auth.register': 201,
    'auth.login': 200,
    'auth.refresh': 200,
    'auth.forgot': 202,
    'auth.reset': 400,
    'publicTickets.submit': 202,
    // without the inbound secret
    'inboundEmail.receive': 401,
  }),
  ...rows(NONE, SIGNED_IN, {
    'departments.list': 200,
    'auth.logout': 204,
    'auth.change': 204,
    'auth.me': 200,
    'tickets.create': 201,
    'tickets.list': 200,
    'tickets.summary': 200,
    'notifications.list': 200,
    'notifications.readAll': 200,
    'views.list': 200,
    'views.create': 201,
    'accessRequests.list': 200,
    'catalog.tree': 200,
    'ticketTemplates.list': 200,
    'approvals.pending': 200,
    'approvals.listDelegations': 200,
    'approvals.delegate': 201,
    'events.streamToken': 201,
    'events.stream': 200,
  }),
  ...rows(OWN_OTHER, SIGNED_IN, { 'departments.get': 200, 'ticketTemplates.get': 200 }),
  ...rows(NONE, STAFF, {
    'teams.list': 200,
    'macros.list': 200,
    'macros.create': 201,
    'ticketTemplates.create': 201,
  }),
  ...rows(NONE, ADMIN_ONLY, {
    'auditLog.list': 200,
    'departments.create': 201,
    'users.list': 200,
    'users.create': 201,
    'webhooks.create': 201,
    'webhooks.list': 200,
    'webhooks.get': 200,
    'webhooks.remove': 204,
    'webhooks.deliveries': 200,
    'notificationRules.create': 201,
    'notificationRules.list': 200,
    'notificationRules.get': 200,
    'notificationRules.update': 200,
    'notificationRules.remove': 204,
    'mailboxes.create': 201,
    'mailboxes.list': 200,
    'mailboxes.get': 200,
    'mailboxes.update': 200,
    'mailboxes.remove': 204,
    'mailboxes.test': 200,
    'mailboxes.failures': 200,
    'mailboxes.raw': 200,
    'mailboxes.retry': 200,
    'catalog.listCategories': 200,
    'catalog.createCategory': 201,
    'catalog.getCategory': 200,
    'catalog.updateCategory': 200,
    'catalog.removeCategory': 204,
    'catalog.listItems': 200,
    'catalog.createItem': 201,
    'catalog.getItem': 200,
    'catalog.updateItem': 200,
    'catalog.removeItem': 204,
    'approvals.list': 200,
    'failedJobs.list': 200,
    // the retried job does not exist
    'failedJobs.retry': 404,
    'sla.listPolicies': 200,
    'sla.createPolicy': 201,
    'sla.getPolicy': 200,
    'sla.updatePolicy': 200,
    'sla.listCalendars': 200,
    'sla.createCalendar': 201,
    'sla.getCalendar': 200,
    'sla.updateCalendar': 200,
  }),
  ...rows(OWN_OTHER, ADMIN_ONLY, {
    'departments.update': 200,
    'teams.create': 201,
    'teams.update': 200,
    'teams.deactivate': 204,
    'ticketTemplates.update': 200,
    'ticketTemplates.remove': 204,
  }),
  ...rows(OTHER, ADMIN_ONLY, { 'departments.deactivate': 204 }),
  ...rows(SAME_OTHER, ADMIN_ONLY, { 'users.deactivate': 204 }),
  ...rows(OWN_SAME_OTHER, ADMIN_ONLY, { 'users.get': 200, 'users.update': 200, 'approvals.reassign': 200 }),
  ...rows(TICKET, TICKET_READERS, {
    'tickets.get': 200,
    'tickets.update': 200,
    'tickets.addMessage': 201,
    'tickets.messages': 200,
    'tickets.history': 200,
    'attachments.upload': 201,
    'attachments.list': 200,
    'attachments.download': 200,
    'ticketLinks.list': 200,
    'ticketApprovals.ofTicket': 200,
  }),
  ...rows(TICKET, TICKET_STAFF, {
    'ticketLinks.create': 201,
    'ticketLinks.remove': 204,
    'ticketMerge.merge': 200,
    'ticketMails.list': 200,
    'ticketMails.raw': 200,
    'assignment.assign': 200,
    'ticketMacros.apply': 200,
  }),
  ...OWN_RULES,
];
