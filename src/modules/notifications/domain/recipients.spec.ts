import { EventMessage, Person } from './notification';
import { candidateIds, PlannedNotification, planNotifications } from './recipients';

const REQUESTER = 'u-requester';
const AGENT = 'u-agent';
const OTHER_AGENT = 'u-agent-2';
const LEAD = 'u-lead';
const APPROVER = 'u-approver';

const person = (id: string, role: string, isActive = true): Person => ({
  id,
  email: `${id}@example.test`,
  fullName: id,
  role,
  isActive,
});
const people = new Map(
  [
    person(REQUESTER, 'END_USER'),
    person(AGENT, 'AGENT'),
    person(OTHER_AGENT, 'AGENT'),
    person(LEAD, 'TEAM_LEAD'),
    person(APPROVER, 'END_USER'),
  ].map((p) => [p.id, p] as const),
);

const ticket = (over: Record<string, unknown> = {}) => ({
  id: 't1',
  pid: 'TKT-202611-000042',
  title: 'Printer',
  status: 'IN_PROGRESS',
  priority: 'MEDIUM',
  requesterId: REQUESTER,
  assigneeId: AGENT,
  departmentId: 'd1',
  teamId: null,
  visibility: 'INTERNAL',
  ...over,
});

const event = (type: string, actorId: string | null, data: Record<string, unknown> = {}): EventMessage => ({
  id: 'e1',
  type,
  aggregateId: 't1',
  actorId,
  data: { ticket: ticket(), ...data },
  occurredAt: new Date().toISOString(),
});

const plan = (e: EventMessage, leads: string[] = [], who = people): PlannedNotification[] =>
  planNotifications(e, who, leads);

describe('who is notified', () => {
  it('mails the requester a public staff reply, and tells the assignee in-app when someone else answered', () => {
    expect(
      plan(event('ticket.message_added', OTHER_AGENT, { authorId: OTHER_AGENT, internal: false })),
    ).toEqual([
      { userId: REQUESTER, kind: 'reply', mail: true, inApp: true },
      { userId: AGENT, kind: 'reply', mail: false, inApp: true },
    ]);
  });

  it('does not tell the assignee of their own reply', () => {
    expect(plan(event('ticket.message_added', AGENT, { authorId: AGENT, internal: false }))).toEqual([
      { userId: REQUESTER, kind: 'reply', mail: true, inApp: true },
    ]);
  });

  it('mails the assignee a requester reply, and not the requester', () => {
    expect(
      plan(event('ticket.message_added', REQUESTER, { authorId: REQUESTER, byRequester: true })),
    ).toEqual([{ userId: AGENT, kind: 'requester_reply', mail: true, inApp: true }]);
  });

  it('never lets an internal note reach an END_USER, by mail or in-app', () => {
    const note = plan(event('ticket.note_added', OTHER_AGENT, { authorId: OTHER_AGENT, internal: true }));
    expect(note).toEqual([{ userId: AGENT, kind: 'note', mail: false, inApp: true }]);
    // even when the END_USER is the assignee of the data, or the event is a flagged message
    const odd = plan(
      event('ticket.note_added', OTHER_AGENT, { internal: true, ticket: ticket({ assigneeId: REQUESTER }) }),
    );
    expect(odd).toEqual([]);
    expect(
      plan(event('ticket.message_added', OTHER_AGENT, { authorId: OTHER_AGENT, internal: true })),
    ).toEqual([]);
    expect(plan(event('ticket.attachment_added', OTHER_AGENT, { internal: true }))).toEqual([]);
  });

  it('tells of an internal event only those who may read internal notes, built-in notices and rules alike', () => {
    const STAFF_REQUESTER = 'u-agent-elsewhere';
    const COLLEAGUE = 'u-agent-same-dept';
    const ADMIN = 'u-admin';
    const staffed = new Map([
      ...people,
      [STAFF_REQUESTER, { ...person(STAFF_REQUESTER, 'AGENT'), departmentId: 'd2' }],
      [COLLEAGUE, { ...person(COLLEAGUE, 'AGENT'), departmentId: 'd1' }],
      [ADMIN, person(ADMIN, 'ADMIN')],
    ]);
    const byRule = (...ids: string[]): PlannedNotification[] =>
      ids.map((userId) => ({ userId, kind: 'note', mail: true, inApp: true, byRule: true }));
    const everyone = byRule(STAFF_REQUESTER, COLLEAGUE, AGENT, ADMIN, REQUESTER);
    // an AGENT of another department who requested the ticket hears of the note by no rule
    const asked = event('ticket.note_added', LEAD, {
      authorId: LEAD,
      internal: true,
      ticket: ticket({ requesterId: STAFF_REQUESTER }),
    });
    expect(planNotifications(asked, staffed, [], everyone)).toEqual([
      { userId: AGENT, kind: 'note', mail: true, inApp: true },
      { userId: COLLEAGUE, kind: 'note', mail: true, inApp: true },
      { userId: ADMIN, kind: 'note', mail: true, inApp: true },
    ]);
    // nor does an END_USER requester, of a note or of a message flagged internal
    const flagged = event('ticket.message_added', LEAD, { authorId: LEAD, internal: true });
    expect(planNotifications(flagged, staffed, [], everyone).map((p) => p.userId)).toEqual([
      COLLEAGUE,
      AGENT,
      ADMIN,
    ]);
    // a built-in note for an assignee who no longer works the ticket's department still goes: they are assigned
    const assignedElsewhere = event('ticket.note_added', LEAD, {
      authorId: LEAD,
      internal: true,
      ticket: ticket({ assigneeId: STAFF_REQUESTER }),
    });
    expect(planNotifications(assignedElsewhere, staffed)).toEqual([
      { userId: STAFF_REQUESTER, kind: 'note', mail: false, inApp: true },
    ]);
    // the same staff requester still hears of a public event by a rule
    const reply = event('ticket.message_added', LEAD, {
      authorId: LEAD,
      internal: false,
      ticket: ticket({ requesterId: STAFF_REQUESTER }),
    });
    expect(planNotifications(reply, staffed, [], byRule(STAFF_REQUESTER)).map((p) => p.userId)).toContain(
      STAFF_REQUESTER,
    );
  });

  it('mails the requester status changes, with resolution as its own kind', () => {
    expect(plan(event('ticket.status_changed', AGENT, { from: 'IN_PROGRESS', to: 'PENDING_USER' }))).toEqual([
      { userId: REQUESTER, kind: 'status', mail: true, inApp: true },
    ]);
    expect(plan(event('ticket.status_changed', AGENT, { from: 'IN_PROGRESS', to: 'RESOLVED' }))).toEqual([
      { userId: REQUESTER, kind: 'resolved', mail: true, inApp: true },
    ]);
    expect(plan(event('ticket.status_changed', REQUESTER, { from: 'RESOLVED', to: 'CLOSED' }))).toEqual([
      { userId: AGENT, kind: 'status', mail: false, inApp: true },
    ]);
  });

  it('mails the new assignee, unless they assigned themselves', () => {
    expect(plan(event('ticket.assigned', LEAD, { assigneeId: AGENT }))).toEqual([
      { userId: AGENT, kind: 'assigned', mail: true, inApp: true },
    ]);
    expect(plan(event('ticket.assigned', AGENT, { assigneeId: AGENT }))).toEqual([]);
    expect(
      plan(event('ticket.assigned', null, { assigneeId: null, ticket: ticket({ assigneeId: null }) })),
    ).toEqual([]);
  });

  it('asks the named approvers, else the department leads', () => {
    expect(plan(event('approval.requested', REQUESTER, { approverIds: [APPROVER] }), [LEAD])).toEqual([
      { userId: APPROVER, kind: 'approval_requested', mail: true, inApp: true },
    ]);
    expect(plan(event('approval.requested', REQUESTER), [LEAD])).toEqual([
      { userId: LEAD, kind: 'approval_requested', mail: true, inApp: true },
    ]);
  });

  it('warns the assignee and the leads of an SLA breach, but no lead of a RESTRICTED ticket', () => {
    expect(plan(event('sla.breached', null), [LEAD])).toEqual([
      { userId: AGENT, kind: 'sla_breached', mail: true, inApp: true },
      { userId: LEAD, kind: 'sla_breached', mail: true, inApp: true },
    ]);
    expect(
      plan(event('sla.breached', null, { ticket: ticket({ visibility: 'RESTRICTED' }) }), [LEAD]),
    ).toEqual([{ userId: AGENT, kind: 'sla_breached', mail: true, inApp: true }]);
  });

  it('asks the deciders an access request names (leads of a RESTRICTED ticket too), and tells the asker the outcome', () => {
    const restricted = { ticket: ticket({ visibility: 'RESTRICTED' }) };
    expect(
      plan(
        event('ticket.access_requested', OTHER_AGENT, {
          ...restricted,
          requestedBy: OTHER_AGENT,
          deciderIds: [REQUESTER, LEAD, OTHER_AGENT],
        }),
      ),
    ).toEqual([
      { userId: REQUESTER, kind: 'access_requested', mail: true, inApp: true },
      { userId: LEAD, kind: 'access_requested', mail: true, inApp: true },
    ]);
    expect(
      plan(
        event('ticket.access_decided', LEAD, { ...restricted, requestedBy: OTHER_AGENT, decision: 'DENIED' }),
      ),
    ).toEqual([{ userId: OTHER_AGENT, kind: 'access_decided', mail: true, inApp: true }]);
  });

  it('skips inactive and unknown people, events without a ticket and quiet event types', () => {
    const inactive = new Map(people);
    inactive.set(REQUESTER, person(REQUESTER, 'END_USER', false));
    expect(plan(event('ticket.status_changed', AGENT, { to: 'RESOLVED' }), [], inactive)).toEqual([]);
    expect(plan(event('ticket.status_changed', AGENT, { to: 'RESOLVED' }), [], new Map())).toEqual([]);
    expect(plan({ ...event('ticket.status_changed', AGENT), data: { to: 'OPEN' } })).toEqual([]);
    expect(plan(event('ticket.updated', AGENT))).toEqual([]);
  });

  it('confirms a new ticket to its requester by mail (not a guest), and tells the leads or team in-app', () => {
    const created = (data: Record<string, unknown> = {}, over: Record<string, unknown> = {}) => ({
      ...event('ticket.created', REQUESTER, data),
      data: { ticket: ticket({ assigneeId: null, ...over }), ...data },
    });
    expect(plan(created({ channel: 'email' }), [LEAD, REQUESTER])).toEqual([
      { userId: REQUESTER, kind: 'received', mail: true, inApp: false },
      { userId: LEAD, kind: 'new_ticket', mail: false, inApp: true },
    ]);
    // a guest's confirmation carries the set-password link and comes from its own event
    expect(plan(created({ channel: 'guest' }), [LEAD])).toEqual([
      { userId: LEAD, kind: 'new_ticket', mail: false, inApp: true },
    ]);
    // a lead who opens a ticket is confirmed, not told the news
    expect(
      plan({ ...created(), actorId: LEAD, data: { ticket: ticket({ requesterId: LEAD }) } }, [LEAD]),
    ).toEqual([{ userId: LEAD, kind: 'received', mail: true, inApp: false }]);
    // nobody beyond its parties hears of a RESTRICTED ticket
    expect(plan(created({}, { visibility: 'RESTRICTED' }), [LEAD])).toEqual([
      { userId: REQUESTER, kind: 'received', mail: true, inApp: false },
    ]);
  });

  it('names everyone it needs to look up', () => {
    expect(
      candidateIds(event('approval.requested', OTHER_AGENT, { approverIds: [APPROVER, APPROVER] })).sort(),
    ).toEqual([AGENT, APPROVER, OTHER_AGENT, REQUESTER].sort());
  });
});
