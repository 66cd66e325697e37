import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startTestApp } from './support/app';
import { makeDepartments, makeTicket, makeUser, sql, TestUser } from './support/factories';
import { suiteWorld } from './support/world';
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
    const res = await get(w.requester, `/tickets/${ticketId}/history?limit=100`);
    expect(res.status).toBe(200);
    return res.body.data as Array<{ type: string; actorId: string; details: Record<string, unknown> }>;
  };
  /** another RESTRICTED ticket of the requester's in department A, straight in the database */
  const seedRestricted = () =>
    makeTicket({ requesterId: w.requester.id, departmentId: w.deptA.id, visibility: 'RESTRICTED' });

  beforeAll(async () => {
    let env: Record<string, string>;
    ({ db, smtp, env } = await startMailing('access'));
    app = await startTestApp({ withWorker: true, env });
  });

  const w = suiteWorld(async () => {
    const [deptA, deptB] = await makeDepartments(2);
    const requester = await makeUser({ fullName: 'Rita Requester' });
    const agentA = await makeUser({ role: 'AGENT', departmentId: deptA.id, fullName: 'Alan Agent' });
    const agentB = await makeUser({ role: 'AGENT', departmentId: deptB.id, fullName: 'Bea Agent' });
    const leadA = await makeUser({ role: 'TEAM_LEAD', departmentId: deptA.id, fullName: 'Lena Lead' });
    const leadB = await makeUser({ role: 'TEAM_LEAD', departmentId: deptB.id });
    const created = await createTicket(requester, {
      title: 'Salary question',
      description: 'private',
      departmentId: deptA.id,
      visibility: 'RESTRICTED',
    });
    const secret: { id: string; pid: string } = { id: created.id, pid: created.pid };
    return { deptA, deptB, requester, agentA, agentB, leadA, leadB, secret };
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.stop();
    await db?.drop();
  });

  it('answers a request the same way whether or not the ticket exists, and records only the real one', async () => {
    expect((await get(w.agentA, `/tickets/${w.secret.id}`)).status).toBe(404);
    const internalB = await makeTicket({ requesterId: w.requester.id, departmentId: w.deptB.id });
    const answers = [
      await ask(w.agentA, w.secret.pid),
      await ask(w.agentA, 'TKT-209901-999999'),
      await ask(w.agentA, '00000000-0000-4000-8000-000000000000'),
      await ask(w.agentA, internalB.id),
    ];
    for (const res of answers) {
      expect(res.status).toBe(202);
      expect(res.body.data).toEqual({ status: 'PENDING' });
    }
    const rows = await requestsOf(w.secret.id);
    expect(rows).toEqual([expect.objectContaining({ requested_by: w.agentA.id, status: 'PENDING' })]);
    expect(await requestsOf(internalB.id)).toEqual([]);
    // asking again while pending records nothing more
    expect((await ask(w.agentA, w.secret.id)).status).toBe(202);
    expect(await requestsOf(w.secret.id)).toHaveLength(1);
    // the ticket stays hidden meanwhile
    expect((await get(w.agentA, `/tickets/${w.secret.pid}`)).status).toBe(404);
    const history = await historyTypes(w.secret.id);
    expect(history.filter((h) => h.type === 'ACCESS_REQUESTED')).toEqual([
      expect.objectContaining({
        actorId: w.agentA.id,
        details: expect.objectContaining({ userId: w.agentA.id }),
      }),
    ]);
  });

  it('notifies those who decide: the ticket’s requester and the department’s team leads, in-app and by mail', async () => {
    for (const decider of [w.requester, w.leadA]) {
      const found = await notified(
        decider,
        (n) => n.type === 'ticket.access_requested' && n.ticketId === w.secret.id,
        'the access request notification',
      );
      expect(found.body).toContain('Alan Agent asks to see ticket');
      const mail = await smtp.waitFor(
        (m) => recipientOf(m) === decider.email && (m.subject ?? '').includes('Access requested'),
      );
      expect(mail.text).toContain('I work the related outage');
    }
    expect((await notifications(w.leadB)).some((n) => n.ticketId === w.secret.id)).toBe(false);
    expect((await notifications(w.agentA)).some((n) => n.type === 'ticket.access_requested')).toBe(false);
  });

  it('lists a request to those who decide it, and hides it from others', async () => {
    const [row] = await requestsOf(w.secret.id);
    const lead = await get(w.leadA, '/access-requests?status=PENDING');
    expect(lead.status).toBe(200);
    expect(lead.body.data).toEqual([
      expect.objectContaining({
        id: row.id,
        ticketId: w.secret.id,
        ticketPid: w.secret.pid,
        requestedBy: w.agentA.id,
        reason: 'I work the related outage',
        status: 'PENDING',
        decidedBy: null,
      }),
    ]);
    const mine = await get(w.requester, '/access-requests');
    expect(mine.status).toBe(200);
    expect(mine.body.data.map((r: { id: string }) => r.id)).toEqual([row.id]);
    for (const outsider of [w.leadB, w.agentB]) {
      const list = await get(outsider, '/access-requests');
      expect(list.status).toBe(200);
      expect(list.body.pagination.total).toBe(0);
      expect((await get(outsider, `/access-requests/${row.id}`)).status).toBe(404);
    }
    // the person who asked sees their request, but may not decide it
    expect((await get(w.agentA, `/access-requests/${row.id}`)).status).toBe(200);
    expect((await decide(w.agentA, row.id, 'grant')).status).toBe(403);
    expect((await decide(w.agentB, row.id, 'grant')).status).toBe(404);
    expect((await decide(w.leadB, row.id, 'deny')).status).toBe(404);
    expect((await requestsOf(w.secret.id))[0].status).toBe('PENDING');
  });

  it('grants: the ticket becomes visible, history says so, the person who asked is told; decided once', async () => {
    const [row] = await requestsOf(w.secret.id);
    const res = await decide(w.leadA, row.id, 'grant', { comment: 'For the outage review' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      status: 'GRANTED',
      decidedBy: w.leadA.id,
      comment: 'For the outage review',
    });
    expect((await get(w.agentA, `/tickets/${w.secret.id}`)).status).toBe(200);
    const granted = (await historyTypes(w.secret.id)).filter((h) => h.type === 'ACCESS_GRANTED');
    expect(granted).toEqual([
      expect.objectContaining({
        actorId: w.leadA.id,
        details: expect.objectContaining({ userId: w.agentA.id }),
      }),
    ]);
    const told = await notified(
      w.agentA,
      (n) => n.type === 'ticket.access_decided',
      'the decision notification',
    );
    expect(told.title).toContain('Access granted');
    expect((await decide(w.requester, row.id, 'deny')).status).toBe(409);
    expect((await decide(w.leadA, row.id, 'grant')).status).toBe(409);
    // a ticket you can see already needs no request
    expect((await ask(w.agentA, w.secret.id)).status).toBe(409);
  });

  it('denies: the ticket stays hidden, history says so, the person who asked is told', async () => {
    expect((await ask(w.agentB, w.secret.id, 'Curious')).status).toBe(202);
    const row = (await requestsOf(w.secret.id)).find((r) => r.requested_by === w.agentB.id)!;
    const res = await decide(w.requester, row.id, 'deny');
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ status: 'DENIED', decidedBy: w.requester.id, comment: null });
    expect((await get(w.agentB, `/tickets/${w.secret.id}`)).status).toBe(404);
    expect((await historyTypes(w.secret.id)).map((h) => h.type)).toContain('ACCESS_DENIED');
    const told = await notified(
      w.agentB,
      (n) => n.type === 'ticket.access_decided',
      'the denial notification',
    );
    expect(told.title).toContain('Access denied');
    // the ticket stays hidden from them: the notice names its PID only, not its title or status
    expect(told.title).toContain(w.secret.pid);
    const mail = await smtp.waitFor(
      (m) => recipientOf(m) === w.agentB.email && (m.subject ?? '').includes('Access denied'),
    );
    expect(mail.subject).toBe(`[${w.secret.pid}] Access denied`);
    for (const part of [told.title, told.body, mail.subject ?? '', mail.text ?? '', String(mail.html)]) {
      expect(part).not.toContain('Salary question');
      expect(part.toLowerCase()).not.toMatch(/\bopen\b|reply to this email/);
    }
    // asking again after a denial is a new request
    expect((await ask(w.agentB, w.secret.id, 'Please, it is urgent')).status).toBe(202);
    expect((await requestsOf(w.secret.id)).filter((r) => r.requested_by === w.agentB.id)).toHaveLength(2);
  });

  it('takes exactly one of two racing decisions', async () => {
    const ticket = await seedRestricted();
    expect((await ask(w.agentB, ticket.pid)).status).toBe(202);
    const [row] = await requestsOf(ticket.id);
    const [a, b] = await Promise.all([decide(w.leadA, row.id, 'grant'), decide(w.requester, row.id, 'deny')]);
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
    expect((await ask(w.requester, own.id)).status).toBe(403);
    expect((await ask(w.agentA, 'not-a-ticket')).status).toBe(404);
    const noReason = await http()
      .post(`/api/v1/tickets/${own.id}/access-requests`)
      .set(...(await as(w.agentB)))
      .send({ reason: '   ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details[0].field).toBe('reason');
    const extra = await http()
      .post(`/api/v1/tickets/${own.id}/access-requests`)
      .set(...(await as(w.agentB)))
      .send({ reason: 'x', status: 'GRANTED' });
    expect(extra.status).toBe(400);
    expect(await requestsOf(own.id)).toEqual([]);
    expect((await get(w.leadA, '/access-requests/nope')).status).toBe(404);
    const badFilter = await http()
      .get('/api/v1/access-requests?status=MAYBE')
      .set(...(await as(w.leadA)));
    expect(badFilter.status).toBe(400);
  });
});
