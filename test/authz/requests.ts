import { makeDepartment, makeTeam, makeUser, unique } from '../support/factories';
import { Call, Case, idleMailbox, Role, World } from './world';

/**
 * How the matrix calls each operation: a valid request (so an allowed caller gets the documented success, and a
 * refusal is about who asks, never about the input) for `role` on the resource of case `c`. Calls that change
 * their resource take a fresh one.
 */
export type Build = (w: World, role: Role, c: Case) => Call | Promise<Call>;

const none: Build = () => ({});
const onTicket: Build = (w, role, c) => ({ path: { id: w.ticketOf(role, c).id } });
const onFreshTicket =
  (body?: unknown): Build =>
  async (w, role, c) => ({ path: { id: (await w.ticket(role, c)).id }, body });
/** a call on a resource made for it: what the ADMIN creates by POSTing `body(w)` to `url` */
const onCreated =
  (url: string, body: (w: World) => unknown): Build =>
  async (w) => ({ path: { id: await w.created(url, body(w)) } });
const dept = (w: World, c: Case) => (c === 'other' ? w.deptB.id : w.deptA.id);
const userIn = (w: World, role: Role, c: Case) =>
  c === 'own' ? w.userOf(role) : c === 'other' ? w.users.agentB : w.users.agentA2;
const password = 'correct-horse-battery';
const byCase = (c: Case, own: string, other: string) => (c === 'other' ? other : own);

export const REQUESTS: Record<string, Build> = {
  'health.live': none,
  'health.ready': none,
  'metrics.scrape': none,
  'auditLog.list': none,

  'departments.list': none,
  'departments.create': () => ({ body: { name: unique('Dept') } }),
  'departments.get': (w, _r, c) => ({ path: { id: dept(w, c) } }),
  'departments.update': (w, _r, c) => ({ path: { id: dept(w, c) }, body: { description: 'Updated' } }),
  'departments.deactivate': async () => ({ path: { id: (await makeDepartment()).id } }),

  'teams.list': none,
  'teams.create': (w, _r, c) => ({ body: { departmentId: dept(w, c), name: unique('Team') } }),
  'teams.get': (w, _r, c) => ({ path: { id: byCase(c, w.teamA.id, w.teamB.id) } }),
  'teams.update': (w, _r, c) => ({
    path: { id: byCase(c, w.teamA.id, w.teamB.id) },
    body: { name: unique('Team') },
  }),
  'teams.deactivate': async (w, _r, c) => ({ path: { id: (await makeTeam(dept(w, c))).id } }),

  'users.list': none,
  'users.create': () => ({
    body: { email: `${unique('new')}@example.test`, password, fullName: 'New User', role: 'END_USER' },
  }),
  'users.get': (w, role, c) => ({ path: { id: userIn(w, role, c).id } }),
  'users.update': (w, role, c) => ({
    path: { id: userIn(w, role, c).id },
    body: { fullName: 'Renamed User' },
  }),
  'users.deactivate': async (w, _r, c) => ({
    path: { id: (await makeUser({ role: 'AGENT', departmentId: dept(w, c) })).id },
  }),
  'staff.list': none,
  'staff.update': (w, role, c) => ({ path: { userId: userIn(w, role, c).id }, body: { available: true } }),

  'auth.register': () => ({
    body: { email: `${unique('reg')}@example.test`, password, fullName: 'Registered User' },
  }),
  'auth.login': (w, role) => ({ body: { email: w.userOf(role).email, password: w.userOf(role).password } }),
  'auth.refresh': async (w, role) => ({
    body: { refreshToken: (await w.session(w.userOf(role))).refreshToken },
  }),
  'auth.logout': async (w, role) => ({
    token: role === 'anonymous' ? null : (await w.session(w.userOf(role))).accessToken,
    body: {},
  }),
  'auth.forgot': (w, role) => ({ body: { email: w.userOf(role).email } }),
  'auth.reset': () => ({ body: { token: 'x'.repeat(43), newPassword: 'staple-battery-horse' } }),
  'auth.change': async (w, role) => {
    // a user of its own: the change ends that user's other sessions
    const real = role === 'anonymous' ? 'END_USER' : role;
    const user = await makeUser({ role: real, departmentId: real === 'END_USER' ? undefined : w.deptA.id });
    return {
      token: role === 'anonymous' ? null : (await w.session(user)).accessToken,
      body: { currentPassword: user.password, newPassword: 'staple-battery-horse' },
    };
  },
  'auth.me': none,

  'tickets.create': () => ({ body: { title: 'A new ticket', description: 'It is broken.' } }),
  // the oldest first, so the matrix's own tickets are on the page
  'tickets.list': () => ({ query: { limit: '100', sort: 'createdAt' } }),
  'tickets.summary': none,
  'tickets.get': onTicket,
  'tickets.update': onFreshTicket({ title: 'A better title' }),
  'tickets.changeStatus': onFreshTicket({ status: 'IN_PROGRESS' }),
  'tickets.addMessage': (w, role, c) => ({
    path: { id: w.ticketOf(role, c).id },
    body: { body: 'Any news?' },
  }),
  'tickets.messages': onTicket,
  'tickets.history': onTicket,
  'tickets.grant': async (w, role, c) => ({
    path: { id: (await w.ticket(role, c)).id },
    body: { userId: w.users.agentA2.id },
  }),
  'attachments.upload': (w, role, c) => ({
    path: { id: w.ticketOf(role, c).id },
    form: { file: { data: Buffer.from('some text\n'), filename: 'note.txt', type: 'text/plain' } },
  }),
  'attachments.list': onTicket,
  'attachments.download': (w, role, c) => ({ path: { id: w.attachmentOf.get(w.ticketOf(role, c).id)! } }),
  'ticketLinks.list': onTicket,
  'ticketLinks.create': async (w, role, c) => {
    const target = await w.ticket(role, c);
    return { path: { id: w.ticketOf(role, c).id }, body: { targetId: target.id, type: 'RELATED' } };
  },
  'ticketLinks.remove': async (w, role, c) => {
    const t = await w.ticket(role, c);
    return { path: { id: t.id, linkId: await w.link(t) } };
  },
  'ticketMerge.merge': async (w, role, c) => {
    const [source, target] = [await w.ticket(role, c), await w.ticket(role, c)];
    return { path: { id: source.id }, body: { targetId: target.id } };
  },

  'notifications.list': none,
  'notifications.readAll': none,
  'notifications.read': (w, role, c) => ({
    path: { id: c === 'own' ? w.notifications[role] : w.notifications.otherB },
  }),

  'webhooks.create': () => ({ body: { url: 'http://127.0.0.1:9/hook', events: ['ticket.created'] } }),
  'webhooks.list': none,
  'webhooks.get': (w) => ({ path: { id: w.webhook } }),
  'webhooks.remove': onCreated('/api/v1/admin/webhooks', () => ({
    url: 'http://127.0.0.1:9/x',
    events: ['*'],
  })),
  'webhooks.deliveries': (w) => ({ path: { id: w.webhook } }),
  'inboundEmail.receive': () => ({
    raw: { type: 'message/rfc822', data: 'From: a@example.test\r\nSubject: hi\r\n\r\nbody\r\n' },
  }),
  'ticketMails.list': onTicket,
  'ticketMails.raw': (w, role, c) => {
    const ticket = w.ticketOf(role, c).id;
    return { path: { id: ticket, emailId: w.mailOf.get(ticket)! } };
  },

  'notificationRules.create': () => ({
    body: { event: '*', recipients: ['ASSIGNEE'], channels: ['IN_APP'] },
  }),
  'notificationRules.list': none,
  'notificationRules.get': (w) => ({ path: { id: w.rule } }),
  'notificationRules.update': (w) => ({ path: { id: w.rule }, body: { channels: ['IN_APP'] } }),
  'notificationRules.remove': onCreated('/api/v1/notification-rules', () => ({
    event: '*',
    recipients: ['REQUESTER'],
    channels: ['EMAIL'],
  })),

  'mailboxes.create': (w) => ({
    body: idleMailbox(w.deptA.id),
  }),
  'mailboxes.list': none,
  'mailboxes.get': (w) => ({ path: { id: w.mailbox } }),
  'mailboxes.update': (w) => ({ path: { id: w.mailbox }, body: { username: 'support' } }),
  'mailboxes.remove': onCreated('/api/v1/admin/mailboxes', (w) => idleMailbox(w.deptA.id)),
  'mailboxes.test': (w) => ({ path: { id: w.mailbox } }),
  'mailboxes.failures': (w) => ({ path: { id: w.mailbox } }),
  'mailboxes.raw': (w) => ({ path: { id: w.mailbox, failureId: w.mailboxFailure } }),
  'mailboxes.retry': async (w) => ({ path: { id: w.mailbox, failureId: await w.freshMailboxFailure() } }),

  // an ADMIN is no department's assignee: it assigns the department's agent
  'assignment.assign': async (w, role, c) => ({
    path: { id: (await w.ticket(role, c)).id },
    body: { assigneeId: role !== 'ADMIN' ? 'me' : c === 'other' ? w.users.agentB.id : w.users.agentA.id },
  }),

  'views.list': none,
  'views.create': () => ({ body: { name: unique('View'), filters: { priority: 'LOW' } } }),
  'views.get': (w, role, c) => ({ path: { id: viewOf(w, role, c) } }),
  'views.update': (w, role, c) => ({
    path: { id: viewOf(w, role, c) },
    body: { filters: { priority: 'HIGH' } },
  }),
  'views.remove': async (w, role, c) => ({ path: { id: await w.freshView(role, c) } }),

  'ticketAccessRequests.request': onFreshTicket({ reason: 'I work on the related outage' }),
  'accessRequests.list': () => ({ query: { limit: '100' } }),
  'accessRequests.get': async (w, role, c) => ({ path: { id: await w.freshAccessRequest(role, c) } }),
  'accessRequests.grant': async (w, role, c) => ({
    path: { id: await w.freshAccessRequest(role, c) },
    body: { comment: 'Fine' },
  }),
  'accessRequests.deny': async (w, role, c) => ({
    path: { id: await w.freshAccessRequest(role, c) },
    body: { comment: 'No' },
  }),

  'macros.list': none,
  'macros.create': () => ({ body: { name: unique('Macro'), actions: { priority: 'LOW' } } }),
  'macros.get': (w, _r, c) => ({ path: { id: byCase(c, w.macroA, w.macroB) } }),
  'macros.update': (w, _r, c) => ({
    path: { id: byCase(c, w.macroA, w.macroB) },
    body: { description: 'Updated' },
  }),
  'macros.remove': async (w, _r, c) => ({ path: { id: await w.macro(dept(w, c)) } }),
  'ticketMacros.apply': async (w, role, c) => ({
    path: { id: (await w.ticket(role, c)).id, macroId: w.macroA },
  }),

  'publicTickets.submit': () => ({
    body: {
      email: `${unique('guest')}@example.test`,
      fullName: 'A Guest',
      title: 'Help me',
      description: 'Please',
    },
  }),

  'catalog.tree': none,
  'catalog.listCategories': none,
  'catalog.createCategory': () => ({ body: { name: unique('Category') } }),
  'catalog.getCategory': (w) => ({ path: { id: w.categoryA } }),
  'catalog.updateCategory': (w) => ({ path: { id: w.categoryA }, body: { description: 'Updated' } }),
  'catalog.removeCategory': onCreated('/api/v1/service-categories', () => ({ name: unique('Category') })),
  'catalog.listItems': none,
  'catalog.createItem': (w) => ({
    body: { categoryId: w.categoryA, departmentId: w.deptA.id, name: unique('Item'), description: 'An item' },
  }),
  'catalog.getItem': (w) => ({ path: { id: w.itemA } }),
  'catalog.updateItem': (w) => ({ path: { id: w.itemA }, body: { description: 'Updated' } }),
  'catalog.removeItem': onCreated('/api/v1/service-items', (w) => ({
    categoryId: w.categoryA,
    departmentId: w.deptA.id,
    name: unique('Item'),
    description: 'Gone soon',
  })),

  'ticketTemplates.list': none,
  'ticketTemplates.create': () => ({ body: { name: unique('Template'), title: 'Prefilled' } }),
  'ticketTemplates.get': (w, _r, c) => ({ path: { id: byCase(c, w.templateA, w.templateB) } }),
  'ticketTemplates.update': (w, _r, c) => ({
    path: { id: byCase(c, w.templateA, w.templateB) },
    body: { description: 'Updated' },
  }),
  'ticketTemplates.remove': async (w, _r, c) => ({ path: { id: await w.template(dept(w, c)) } }),

  'approvals.pending': none,
  'approvals.listDelegations': none,
  'approvals.delegate': (w, role) => ({
    body: w.delegationBody((role === 'AGENT' ? w.users.agentA2 : w.users.agentA).id),
  }),
  'approvals.undelegate': async (w, role, c) => ({ path: { id: await w.freshDelegation(role, c) } }),
  'approvals.list': () => ({ query: { stale: 'true' } }),
  'approvals.get': (w, _r, c) => ({ path: { id: w.approvals[c as 'own' | 'same' | 'other'] } }),
  'approvals.approve': async (w, _r, c) => ({ path: { id: await w.approval(c) }, body: { comment: 'Yes' } }),
  'approvals.reject': async (w, _r, c) => ({ path: { id: await w.approval(c) }, body: { comment: 'No' } }),
  'approvals.reassign': async (w, _r, c) => {
    const u = w.users;
    const [from, to] =
      c === 'own' ? [u.agentA, u.agentA2] : c === 'other' ? [u.leadB, u.agentB] : [u.agentA2, u.agentA];
    return { path: { id: await w.approval(c) }, body: { fromUserId: from.id, toUserId: to.id } };
  },
  'ticketApprovals.ofTicket': onTicket,

  'events.streamToken': none,
  'events.stream': none,
  'failedJobs.list': none,
  'failedJobs.retry': () => ({ path: { queue: 'mail', id: '123456' } }),

  'sla.listPolicies': none,
  'sla.createPolicy': (w) => ({
    body: { priority: 'URGENT', firstResponseMinutes: 30, resolutionMinutes: 240, departmentId: w.deptA.id },
  }),
  'sla.getPolicy': (w) => ({ path: { id: w.slaPolicy } }),
  'sla.updatePolicy': (w) => ({ path: { id: w.slaPolicy }, body: { firstResponseMinutes: 45 } }),
  'sla.listCalendars': none,
  'sla.createCalendar': () => ({
    body: { name: unique('Calendar'), timezone: 'UTC', hours: { tue: [['08:00', '16:00']] } },
  }),
  'sla.getCalendar': (w) => ({ path: { id: w.calendar } }),
  'sla.updateCalendar': (w) => ({ path: { id: w.calendar }, body: { holidays: ['2026-12-24'] } }),

  'reports.summary': (w, _r, c) => (c === '-' ? {} : { query: { departmentId: dept(w, c) } }),
  'reports.agents': (w, _r, c) => (c === '-' ? {} : { query: { departmentId: dept(w, c) } }),
};

function viewOf(w: World, role: Role, c: Case): string {
  if (c === 'own') return w.views[role];
  if (c === 'same') return w.views.sharedA;
  if (c === 'other') return w.views.sharedB;
  return w.views.privateA2;
}
