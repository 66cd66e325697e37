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

// prettier-ignore
export const MATRIX: Row[] = [
  // operation                        cases           anonymous END_USER           AGENT              TEAM_LEAD          ADMIN
  r('health.live',                    NONE,           200,      200,               200,               200,               200),
  r('health.ready',                   NONE,           200,      200,               200,               200,               200),
  r('metrics.scrape',                 NONE,           200,      200,               200,               200,               200),
  r('auditLog.list',                  NONE,           401,      403,               403,               403,               200),
  r('departments.list',               NONE,           401,      200,               200,               200,               200),
  r('departments.create',             NONE,           401,      403,               403,               403,               201),
  r('departments.get',                OWN_OTHER,      401,      200,               200,               200,               200),
  r('departments.update',             OWN_OTHER,      401,      403,               403,               403,               200),
  r('departments.deactivate',         OTHER,          401,      403,               403,               403,               204),
  r('teams.list',                     NONE,           401,      403,               200,               200,               200),
  r('teams.create',                   OWN_OTHER,      401,      403,               403,               403,               201),
  r('teams.get',                      OWN_OTHER,      401,      403,               '200 404',         '200 404',         200),
  r('teams.update',                   OWN_OTHER,      401,      403,               403,               403,               200),
  r('teams.deactivate',               OWN_OTHER,      401,      403,               403,               403,               204),
  r('users.list',                     NONE,           401,      403,               403,               403,               200),
  r('users.create',                   NONE,           401,      403,               403,               403,               201),
  r('users.get',                      OWN_SAME_OTHER, 401,      403,               403,               403,               200),
  r('users.update',                   OWN_SAME_OTHER, 401,      403,               403,               403,               200),
  r('users.deactivate',               SAME_OTHER,     401,      403,               403,               403,               204),
  r('staff.list',                     NONE,           401,      403,               403,               200,               200),
  r('staff.update',                   OWN_SAME_OTHER, 401,      403,               403,               '403 200 404',     200),
  r('auth.register',                  NONE,           201,      201,               201,               201,               201),
  r('auth.login',                     NONE,           200,      200,               200,               200,               200),
  r('auth.refresh',                   NONE,           200,      200,               200,               200,               200),
  r('auth.logout',                    NONE,           401,      204,               204,               204,               204),
  r('auth.forgot',                    NONE,           202,      202,               202,               202,               202),
  r('auth.reset',                     NONE,           400,      400,               400,               400,               400),
  r('auth.change',                    NONE,           401,      204,               204,               204,               204),
  r('auth.me',                        NONE,           401,      200,               200,               200,               200),
  r('tickets.create',                 NONE,           401,      201,               201,               201,               201),
  r('tickets.list',                   NONE,           401,      200,               200,               200,               200),
  r('tickets.summary',                NONE,           401,      200,               200,               200,               200),
  r('tickets.get',                    TICKET,         401,      '200 404 404 404', '200 200 404 404', '200 200 404 404', 200),
  r('tickets.update',                 TICKET,         401,      '200 404 404 404', '200 200 404 404', '200 200 404 404', 200),
  r('tickets.changeStatus',           TICKET,         401,      '403 404 404 404', '200 200 404 404', '200 200 404 404', 200),
  r('tickets.addMessage',             TICKET,         401,      '201 404 404 404', '201 201 404 404', '201 201 404 404', 201),
  r('tickets.messages',               TICKET,         401,      '200 404 404 404', '200 200 404 404', '200 200 404 404', 200),
  r('tickets.history',                TICKET,         401,      '200 404 404 404', '200 200 404 404', '200 200 404 404', 200),
  r('tickets.grant',                  TICKET,         401,      '201 404 404 404', '201 409 404 404', '201 409 404 404', '201 409 409 201'),
  r('attachments.upload',             TICKET,         401,      '201 404 404 404', '201 201 404 404', '201 201 404 404', 201),
  r('attachments.list',               TICKET,         401,      '200 404 404 404', '200 200 404 404', '200 200 404 404', 200),
  r('attachments.download',           TICKET,         401,      '200 404 404 404', '200 200 404 404', '200 200 404 404', 200),
  r('ticketLinks.list',               TICKET,         401,      '200 404 404 404', '200 200 404 404', '200 200 404 404', 200),
  r('ticketLinks.create',             TICKET,         401,      403,               '201 201 404 404', '201 201 404 404', 201),
  r('ticketLinks.remove',             TICKET,         401,      403,               '204 204 404 404', '204 204 404 404', 204),
  r('ticketMerge.merge',              TICKET,         401,      403,               '200 200 404 404', '200 200 404 404', 200),
  r('notifications.list',             NONE,           401,      200,               200,               200,               200),
  r('notifications.readAll',          NONE,           401,      200,               200,               200,               200),
  r('notifications.read',             OWN_OTHER,      401,      '200 404',         '200 404',         '200 404',         '200 404'),
  r('webhooks.create',                NONE,           401,      403,               403,               403,               201),
  r('webhooks.list',                  NONE,           401,      403,               403,               403,               200),
  r('webhooks.get',                   NONE,           401,      403,               403,               403,               200),
  r('webhooks.remove',                NONE,           401,      403,               403,               403,               204),
  r('webhooks.deliveries',            NONE,           401,      403,               403,               403,               200),
  r('inboundEmail.receive',           NONE,           401,      401,               401,               401,               401),
  r('ticketMails.list',               TICKET,         401,      403,               '200 200 404 404', '200 200 404 404', 200),
  r('ticketMails.raw',                TICKET,         401,      403,               '200 200 404 404', '200 200 404 404', 200),
  r('notificationRules.create',       NONE,           401,      403,               403,               403,               201),
  r('notificationRules.list',         NONE,           401,      403,               403,               403,               200),
  r('notificationRules.get',          NONE,           401,      403,               403,               403,               200),
  r('notificationRules.update',       NONE,           401,      403,               403,               403,               200),
  r('notificationRules.remove',       NONE,           401,      403,               403,               403,               204),
  r('mailboxes.create',               NONE,           401,      403,               403,               403,               201),
  r('mailboxes.list',                 NONE,           401,      403,               403,               403,               200),
  r('mailboxes.get',                  NONE,           401,      403,               403,               403,               200),
  r('mailboxes.update',               NONE,           401,      403,               403,               403,               200),
  r('mailboxes.remove',               NONE,           401,      403,               403,               403,               204),
  r('mailboxes.test',                 NONE,           401,      403,               403,               403,               200),
  r('mailboxes.failures',             NONE,           401,      403,               403,               403,               200),
  r('mailboxes.raw',                  NONE,           401,      403,               403,               403,               200),
  r('mailboxes.retry',                NONE,           401,      403,               403,               403,               200),
  r('assignment.assign',              TICKET,         401,      403,               '200 200 404 404', '200 200 404 404', 200),
  r('views.list',                     NONE,           401,      200,               200,               200,               200),
  r('views.create',                   NONE,           401,      201,               201,               201,               201),
  r('views.get',                      TICKET,         401,      '200 404 404 404', '200 200 404 404', '200 200 404 404', '200 200 200 404'),
  r('views.update',                   TICKET,         401,      '200 404 404 404', '200 403 404 404', '200 200 404 404', '200 200 200 404'),
  r('views.remove',                   TICKET,         401,      '204 404 404 404', '204 403 404 404', '204 204 404 404', '204 204 204 404'),
  r('ticketAccessRequests.request',   TICKET,         401,      403,               '409 409 202 202', '409 409 202 202', 409),
  r('accessRequests.list',            NONE,           401,      200,               200,               200,               200),
  r('accessRequests.get',             OWN_SAME_OTHER, 401,      '200 404 404',     '200 404 404',     '200 200 404',     200),
  r('accessRequests.grant',           OWN_SAME_OTHER, 401,      '200 404 404',     '403 404 404',     '403 200 404',     200),
  r('accessRequests.deny',            OWN_SAME_OTHER, 401,      '200 404 404',     '403 404 404',     '403 200 404',     200),
  r('macros.list',                    NONE,           401,      403,               200,               200,               200),
  r('macros.create',                  NONE,           401,      403,               201,               201,               201),
  r('macros.get',                     OWN_OTHER,      401,      403,               '200 404',         '200 404',         200),
  r('macros.update',                  OWN_OTHER,      401,      403,               '403 404',         '200 404',         200),
  r('macros.remove',                  OWN_OTHER,      401,      403,               '403 404',         '204 404',         204),
  r('ticketMacros.apply',             TICKET,         401,      403,               '200 200 404 404', '200 200 404 404', 200),
  r('publicTickets.submit',           NONE,           202,      202,               202,               202,               202),
  r('catalog.tree',                   NONE,           401,      200,               200,               200,               200),
  r('catalog.listCategories',         NONE,           401,      403,               403,               403,               200),
  r('catalog.createCategory',         NONE,           401,      403,               403,               403,               201),
  r('catalog.getCategory',            NONE,           401,      403,               403,               403,               200),
  r('catalog.updateCategory',         NONE,           401,      403,               403,               403,               200),
  r('catalog.removeCategory',         NONE,           401,      403,               403,               403,               204),
  r('catalog.listItems',              NONE,           401,      403,               403,               403,               200),
  r('catalog.createItem',             NONE,           401,      403,               403,               403,               201),
  r('catalog.getItem',                NONE,           401,      403,               403,               403,               200),
  r('catalog.updateItem',             NONE,           401,      403,               403,               403,               200),
  r('catalog.removeItem',             NONE,           401,      403,               403,               403,               204),
  r('ticketTemplates.list',           NONE,           401,      200,               200,               200,               200),
  r('ticketTemplates.create',         NONE,           401,      403,               201,               201,               201),
  r('ticketTemplates.get',            OWN_OTHER,      401,      200,               200,               200,               200),
  r('ticketTemplates.update',         OWN_OTHER,      401,      403,               403,               403,               200),
  r('ticketTemplates.remove',         OWN_OTHER,      401,      403,               403,               403,               204),
  r('approvals.pending',              NONE,           401,      200,               200,               200,               200),
  r('approvals.listDelegations',      NONE,           401,      200,               200,               200,               200),
  r('approvals.delegate',             NONE,           401,      201,               201,               201,               201),
  r('approvals.undelegate',           OWN_SAME_OTHER, 401,      '204 403 404',     '204 403 404',     '204 403 404',     204),
  r('approvals.list',                 NONE,           401,      403,               403,               403,               200),
  r('approvals.get',                  OWN_SAME_OTHER, 401,      '200 404 404',     '200 200 404',     '200 200 404',     200),
  r('approvals.approve',              OWN_SAME_OTHER, 401,      '403 404 404',     '200 403 404',     '200 403 404',     '200 403 403'),
  r('approvals.reject',               OWN_SAME_OTHER, 401,      '403 404 404',     '200 403 404',     '200 403 404',     '200 403 403'),
  r('approvals.reassign',             OWN_SAME_OTHER, 401,      403,               403,               403,               200),
  r('ticketApprovals.ofTicket',       TICKET,         401,      '200 404 404 404', '200 200 404 404', '200 200 404 404', 200),
  r('events.streamToken',             NONE,           401,      201,               201,               201,               201),
  r('events.stream',                  NONE,           401,      200,               200,               200,               200),
  r('failedJobs.list',                NONE,           401,      403,               403,               403,               200),
  r('failedJobs.retry',               NONE,           401,      403,               403,               403,               404),
  r('sla.listPolicies',               NONE,           401,      403,               403,               403,               200),
  r('sla.createPolicy',               NONE,           401,      403,               403,               403,               201),
  r('sla.getPolicy',                  NONE,           401,      403,               403,               403,               200),
  r('sla.updatePolicy',               NONE,           401,      403,               403,               403,               200),
  r('sla.listCalendars',              NONE,           401,      403,               403,               403,               200),
  r('sla.createCalendar',             NONE,           401,      403,               403,               403,               201),
  r('sla.getCalendar',                NONE,           401,      403,               403,               403,               200),
  r('sla.updateCalendar',             NONE,           401,      403,               403,               403,               200),
  r('reports.summary',                REPORT,         401,      403,               403,               '200 200 404',     200),
  r('reports.agents',                 REPORT,         401,      403,               403,               '200 200 404',     200),
];
