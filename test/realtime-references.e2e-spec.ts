import { AddressInfo } from 'node:net';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startTestApp } from './support/app';
import { testApi } from './support/api';
import { makeDepartment, makeTicket, makeUser, sql, TestUser, unique } from './support/factories';
import { inboundMail } from './support/inbound-mail';
import { suiteWorld } from './support/world';
import { SseClient } from './support/sse';

jest.setTimeout(90_000);

const INBOUND_SECRET = 'inbound-secret-for-stream-references';

type Parsed = { json: { id: string; type: string; data: Record<string, any> } };

/**
 * GET /events/stream names another ticket (a merge's other side, a link's far end, the ticket a follow-up answers)
 * only to readers who may see that ticket, as the ticket's history and links do: for everyone else its id and PID
 * are null. The event itself still comes, as its history entry does.
 */
describe('other tickets named in streamed events (e2e)', () => {
  let app: NestFastifyApplication;
  let base: string;
  const streams: SseClient[] = [];
  const api = testApi(() => app);
  const { get, post, del } = api;

  beforeAll(async () => {
    app = await startTestApp({
      withWorker: true,
      env: { OUTBOX_POLL_INTERVAL_MS: '100', INBOUND_EMAIL_SECRET: INBOUND_SECRET },
    });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });
  const w = suiteWorld(async () => {
    const deptA = await makeDepartment();
    const deptB = await makeDepartment();
    return {
      deptA,
      deptB,
      agentA: await makeUser({ role: 'AGENT', departmentId: deptA.id }),
      agentB: await makeUser({ role: 'AGENT', departmentId: deptB.id }),
      requester: await makeUser(),
      otherUser: await makeUser(),
      admin: await makeUser({ role: 'ADMIN' }),
    };
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await app?.close();
  });

  const streamOf = async (u: TestUser) => {
    const client = await SseClient.open(`${base}/api/v1/events/stream`, {
      authorization: `Bearer ${await api.token(u)}`,
    });
    expect(client.status).toBe(200);
    streams.push(client);
    return client;
  };
  const eventOf = async (
    client: SseClient,
    type: string,
    ticketId: string,
    match: (d: any) => boolean = () => true,
  ) =>
    (
      (await client.waitFor(
        (e) => e.json.type === type && e.json.data?.ticket?.id === ticketId && match(e.json.data),
      )) as unknown as { data: string }
    ).data;
  const parsedOf = (raw: string): Parsed['json'] => JSON.parse(raw);

  it("hides a merge's other side from a reader who cannot see it, and names it to staff who see both", async () => {
    const source = await makeTicket({ requesterId: w.requester.id, departmentId: w.deptA.id });
    const target = await makeTicket({ requesterId: w.otherUser.id, departmentId: w.deptA.id });
    const [requester, otherUser, agent, admin] = await Promise.all(
      [w.requester, w.otherUser, w.agentA, w.admin].map(streamOf),
    );
    expect((await post(w.agentA, `/tickets/${source.id}/merge`, { targetId: target.id })).status).toBe(200);
    const closed = (d: any) => d.to === 'CLOSED';
    const merged = (d: any) => d.fields?.includes('merged');

    // the source's requester: the move to CLOSED, without the target
    const onSource = await eventOf(requester, 'ticket.status_changed', source.id, closed);
    expect(parsedOf(onSource).data).toMatchObject({
      to: 'CLOSED',
      mergedInto: null,
      reason: 'merged into another ticket',
    });
    expect(onSource).not.toContain(target.id);
    expect(onSource).not.toContain(target.pid);
    // the target's requester: the merge, without the source
    const onTarget = await eventOf(otherUser, 'ticket.updated', target.id, merged);
    expect(parsedOf(onTarget).data).toMatchObject({
      mergedFrom: null,
      link: { type: 'DUPLICATE_OF', sourceTicketId: null, targetTicketId: target.id },
    });
    expect(onTarget).not.toContain(source.id);
    expect(onTarget).not.toContain(source.pid);

    for (const staff of [agent, admin]) {
      expect(parsedOf(await eventOf(staff, 'ticket.status_changed', source.id, closed)).data).toMatchObject({
        mergedInto: { id: target.id, pid: target.pid },
        reason: `merged into ${target.pid}`,
      });
      expect(parsedOf(await eventOf(staff, 'ticket.updated', target.id, merged)).data).toMatchObject({
        mergedFrom: { id: source.id, pid: source.pid },
        link: { sourceTicketId: source.id, targetTicketId: target.id },
      });
    }
    // the event itself, which webhooks and notifications get, keeps both sides
    const [{ payload }] = await sql<{ payload: { data: Record<string, unknown> } }>(
      `SELECT payload FROM outbox_events WHERE id = $1`,
      [parsedOf(onTarget).id],
    );
    expect(payload.data).toMatchObject({
      mergedFrom: { id: source.id, pid: source.pid },
      link: { sourceTicketId: source.id, targetTicketId: target.id },
    });
    // as the history shows it to the same readers
    const history = await get(w.requester, `/tickets/${source.id}/history?limit=100`);
    expect(JSON.stringify(history.body.data)).not.toContain(target.pid);
  });

  it("hides a link's far end from a reader who cannot see it, when linked and when unlinked", async () => {
    const ta = await makeTicket({ requesterId: w.requester.id, departmentId: w.deptA.id });
    const tb = await makeTicket({ requesterId: w.otherUser.id, departmentId: w.deptB.id });
    const [requester, agentB, admin] = await Promise.all([w.requester, w.agentB, w.admin].map(streamOf));
    const linked = await post(w.admin, `/tickets/${ta.id}/links`, { targetId: tb.id, type: 'RELATED' });
    expect(linked.status).toBe(201);
    const linkId = linked.body.data.id as string;
    expect((await del(w.admin, `/tickets/${ta.id}/links/${linkId}`)).status).toBe(204);

    for (const change of ['linked', 'unlinked']) {
      const isChange = (d: any) => d.change === change;
      const mine = await eventOf(requester, 'ticket.updated', ta.id, isChange);
      expect(parsedOf(mine).data.link).toEqual({
        id: linkId,
        type: 'RELATED',
        sourceTicketId: ta.id,
        targetTicketId: null,
      });
      expect(mine).not.toContain(tb.id);
      const theirs = await eventOf(agentB, 'ticket.updated', tb.id, isChange);
      expect(parsedOf(theirs).data.link).toEqual({
        id: linkId,
        type: 'RELATED',
        sourceTicketId: null,
        targetTicketId: tb.id,
      });
      expect(theirs).not.toContain(ta.id);
      expect(parsedOf(await eventOf(admin, 'ticket.updated', ta.id, isChange)).data.link).toEqual({
        id: linkId,
        type: 'RELATED',
        sourceTicketId: ta.id,
        targetTicketId: tb.id,
      });
    }
    // the links list drops the link for them, the history keeps the entry without the far end
    expect((await get(w.requester, `/tickets/${ta.id}/links`)).body.data).toEqual([]);
  });

  it('hides the closed RESTRICTED ticket a follow-up answers from the agents who see only the follow-up', async () => {
    const closed = await makeTicket({
      requesterId: w.requester.id,
      departmentId: w.deptA.id,
      status: 'CLOSED',
      visibility: 'RESTRICTED',
      title: 'Payroll error',
    });
    const [requester, agent] = await Promise.all([w.requester, w.agentA].map(streamOf));
    const res = await inboundMail(() => app, INBOUND_SECRET).mail({
      from: w.requester.email,
      subject: `Re: [${closed.pid}] Payroll error`,
      text: 'It happened again.',
      messageId: `<${unique('followup')}@mail.example.test>`,
    });
    expect(res.status).toBe(201);
    expect(res.body.data.status).toBe('follow_up_created');
    const followUpId = res.body.data.ticketId as string;

    const seenByAgent = await eventOf(agent, 'ticket.created', followUpId);
    expect(parsedOf(seenByAgent).data).toMatchObject({ channel: 'email', followUpOf: null });
    expect(seenByAgent).not.toContain(closed.id);
    expect(seenByAgent).not.toContain(closed.pid);
    expect(parsedOf(await eventOf(requester, 'ticket.created', followUpId)).data).toMatchObject({
      followUpOf: { id: closed.id, pid: closed.pid },
    });
  });
});
