import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startTestApp } from './support/app';
import { makeDepartment, makeTicket, makeUser, sql, TestUser } from './support/factories';
import { startMailing } from './support/mailing';
import { PrivateDatabase } from './support/private-database';
import { recipientOf, TestSmtpServer } from './support/smtp';
import { testApi } from './support/api';

jest.setTimeout(60_000);

describe('access requests (e2e)', () => {
  let db: PrivateDatabase;
  let smtp: TestSmtpServer;
  let app: NestFastifyApplication;
  const { http, as, get, notifications, notified, createTicket } = testApi(() => app);

  let deptA: { id: string };
  let deptB: { id: string };
  let requester: TestUser;
  let agentA: TestUser;
  let agentB: TestUser;
  let leadA: TestUser;
  let leadB: TestUser;
  let secret: { id: string; pid: string };

  const ask = async (who: TestUser, idOrPid: string, reason = 'I work the related outage') =>
    http()
      .post(`/api/v1/tickets/${idOrPid}/access-requests`)
      .set(...(await as(who)))
      .send({ reason });
  const decide = async (who: TestUser, id: string, decision: 'grant' | 'deny', body = {}) =>
    http()
      .post(`/api/v1/access-requests/${id}/${decision}`)
      .set(...(await as(who)))
      .send(body);
  const requestsOf = (ticketId: string) =>
    sql<{ id: string; requested_by: string; status: string }>(
      'SELECT id, requested_by, status FROM ticket_access_requests WHERE ticket_id = $1 ORDER BY created_at',
      [ticketId],
    );
  const historyTypes = async (ticketId: string) => {
    const res = await get(requester, `/tickets/${ticketId}/history?limit=100`);
    expect(res.status).toBe(200);
    return res.body.data as Array<{ type: string; actorId: string; details: Record<string, unknown> }>;
  };
  /** another RESTRICTED ticket of the requester's in department A, straight in the database */
  const seedRestricted = () =>
    makeTicket({ requesterId: requester.id, departmentId: deptA.id, visibility: 'RESTRICTED' });
  beforeAll(async () => {
    let env: Record<string, string>;
    ({ db, smtp, env } = await startMailing('access'));
    app = await startTestApp({ withWorker: true, env });
    deptA = await makeDepartment();
    deptB = await makeDepartment();
    requester = await makeUser({ fullName: 'Rita Requester' });
    agentA = await makeUser({ role: 'AGENT', departmentId: deptA.id, fullName: 'Alan Agent' });
    agentB = await makeUser({ role: 'AGENT', departmentId: deptB.id, fullName: 'Bea Agent' });
    leadA = await makeUser({ role: 'TEAM_LEAD', departmentId: deptA.id, fullName: 'Lena Lead' });
    leadB = await makeUser({ role: 'TEAM_LEAD', departmentId: deptB.id });
    const created = await createTicket(requester, {
      title: 'Salary question',
      description: 'private',
      departmentId: deptA.id,
      visibility: 'RESTRICTED',
    });
    secret = { id: created.id, pid: created.pid };
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.stop();
    await db?.drop();
  });

  it('answers a request the same way whether or not the ticket exists, and records only the real one', async () => {
    expect((await get(agentA, `/tickets/${secret.id}`)).status).toBe(404);
    const internalB = await makeTicket({ requesterId: requester.id, departmentId: deptB.id });
    const answers = [
      await ask(agentA, secret.pid),
      await ask(agentA, 'TKT-209901-999999'),
      await ask(agentA, '00000000-0000-4000-8000-000000000000'),
      await ask(agentA, internalB.id),
    ];
    for (const res of answers) {
      expect(res.status).toBe(202);
      expect(res.body.data).toEqual({ status: 'PENDING' });
    }
    const rows = await requestsOf(secret.id);
    expect(rows).toEqual([expect.objectContaining({ requested_by: agentA.id, status: 'PENDING' })]);
    expect(await requestsOf(internalB.id)).toEqual([]);
    // asking again while pending records nothing more
    expect((await ask(agentA, secret.id)).status).toBe(202);
    expect(await requestsOf(secret.id)).toHaveLength(1);
    // the ticket stays hidden meanwhile
    expect((await get(agentA, `/tickets/${secret.pid}`)).status).toBe(404);
    const history = await historyTypes(secret.id);
    expect(history.filter((h) => h.type === 'ACCESS_REQUESTED')).toEqual([
      expect.objectContaining({
        actorId: agentA.id,
        details: expect.objectContaining({ userId: agentA.id }),
      }),
    ]);
  });

  it('notifies those who decide: the ticket’s requester and the department’s team leads, in-app and by mail', async () => {
    for (const decider of [requester, leadA]) {
      const found = await notified(
        decider,
        (n) => n.type === 'ticket.access_requested' && n.ticketId === secret.id,
        'the access request notification',
      );
      expect(found.body).toContain('Alan Agent asks to see ticket');
      const mail = await smtp.waitFor(
        (m) => recipientOf(m) === decider.email && (m.subject ?? '').includes('Access requested'),
      );
      expect(mail.text).toContain('I work the related outage');
    }
    expect((await notifications(leadB)).some((n) => n.ticketId === secret.id)).toBe(false);
    expect((await notifications(agentA)).some((n) => n.type === 'ticket.access_requested')).toBe(false);
  });

  it('lists a request to those who decide it, and hides it from others', async () => {
    const [row] = await requestsOf(secret.id);
    const lead = await get(leadA, '/access-requests?status=PENDING');
    expect(lead.status).toBe(200);
    expect(lead.body.data).toEqual([
      expect.objectContaining({
        id: row.id,
        ticketId: secret.id,
        ticketPid: secret.pid,
        requestedBy: agentA.id,
        reason: 'I work the related outage',
        status: 'PENDING',
        decidedBy: null,
      }),
    ]);
    const mine = await get(requester, '/access-requests');
    expect(mine.status).toBe(200);
    expect(mine.body.data.map((r: { id: string }) => r.id)).toEqual([row.id]);
    for (const outsider of [leadB, agentB]) {
      const list = await get(outsider, '/access-requests');
      expect(list.status).toBe(200);
      expect(list.body.pagination.total).toBe(0);
      expect((await get(outsider, `/access-requests/${row.id}`)).status).toBe(404);
    }
    // the person who asked sees their request, but may not decide it
    expect((await get(agentA, `/access-requests/${row.id}`)).status).toBe(200);
    expect((await decide(agentA, row.id, 'grant')).status).toBe(403);
    expect((await decide(agentB, row.id, 'grant')).status).toBe(404);
    expect((await decide(leadB, row.id, 'deny')).status).toBe(404);
    expect((await requestsOf(secret.id))[0].status).toBe('PENDING');
  });

  it('grants: the ticket becomes visible, history says so, the person who asked is told; decided once', async () => {
    const [row] = await requestsOf(secret.id);
    const res = await decide(leadA, row.id, 'grant', { comment: 'For the outage review' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      status: 'GRANTED',
      decidedBy: leadA.id,
      comment: 'For the outage review',
    });
    expect((await get(agentA, `/tickets/${secret.id}`)).status).toBe(200);
    const granted = (await historyTypes(secret.id)).filter((h) => h.type === 'ACCESS_GRANTED');
    expect(granted).toEqual([
      expect.objectContaining({ actorId: leadA.id, details: expect.objectContaining({ userId: agentA.id }) }),
    ]);
    const told = await notified(
      agentA,
      (n) => n.type === 'ticket.access_decided',
      'the decision notification',
    );
    expect(told.title).toContain('Access granted');
    expect((await decide(requester, row.id, 'deny')).status).toBe(409);
    expect((await decide(leadA, row.id, 'grant')).status).toBe(409);
    // a ticket you can see already needs no request
    expect((await ask(agentA, secret.id)).status).toBe(409);
  });

  it('denies: the ticket stays hidden, history says so, the person who asked is told', async () => {
    expect((await ask(agentB, secret.id, 'Curious')).status).toBe(202);
    const row = (await requestsOf(secret.id)).find((r) => r.requested_by === agentB.id)!;
    const res = await decide(requester, row.id, 'deny');
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ status: 'DENIED', decidedBy: requester.id, comment: null });
    expect((await get(agentB, `/tickets/${secret.id}`)).status).toBe(404);
    expect((await historyTypes(secret.id)).map((h) => h.type)).toContain('ACCESS_DENIED');
    const told = await notified(agentB, (n) => n.type === 'ticket.access_decided', 'the denial notification');
    expect(told.title).toContain('Access denied');
    // asking again after a denial is a new request
    expect((await ask(agentB, secret.id, 'Please, it is urgent')).status).toBe(202);
    expect((await requestsOf(secret.id)).filter((r) => r.requested_by === agentB.id)).toHaveLength(2);
  });

  it('takes exactly one of two racing decisions', async () => {
    const ticket = await seedRestricted();
    expect((await ask(agentB, ticket.pid)).status).toBe(202);
    const [row] = await requestsOf(ticket.id);
    const [a, b] = await Promise.all([decide(leadA, row.id, 'grant'), decide(requester, row.id, 'deny')]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const history = await sql<{ type: string }>(
      `SELECT type FROM ticket_history WHERE ticket_id = $1 AND type IN ('ACCESS_GRANTED', 'ACCESS_DENIED')`,
      [ticket.id],
    );
    expect(history).toHaveLength(1);
  });

  it('refuses bad requests clearly', async () => {
    const own = await seedRestricted();
    // end users have nothing to ask for
    expect((await ask(requester, own.id)).status).toBe(403);
    expect((await ask(agentA, 'not-a-ticket')).status).toBe(404);
    const noReason = await http()
      .post(`/api/v1/tickets/${own.id}/access-requests`)
      .set(...(await as(agentB)))
      .send({ reason: '   ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details[0].field).toBe('reason');
    const extra = await http()
      .post(`/api/v1/tickets/${own.id}/access-requests`)
      .set(...(await as(agentB)))
      .send({ reason: 'x', status: 'GRANTED' });
    expect(extra.status).toBe(400);
    expect(await requestsOf(own.id)).toEqual([]);
    expect((await get(leadA, '/access-requests/nope')).status).toBe(404);
    const badFilter = await http()
      .get('/api/v1/access-requests?status=MAYBE')
      .set(...(await as(leadA)));
    expect(badFilter.status).toBe(400);
  });
});
