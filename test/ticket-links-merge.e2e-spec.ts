import { makeTicket, sql, TestUser } from './support/factories';
import { ticketSuite } from './support/ticket-suite';

describe('ticket links and merge (e2e)', () => {
  const { w, http, as, uploadText } = ticketSuite();

  const ticketIn = (departmentId: string, over: Record<string, unknown> = {}) =>
    makeTicket({ requesterId: w.requester.id, departmentId, ...over });
  const link = async (who: TestUser, id: string, targetId: string, type: string) =>
    http()
      .post(`/api/v1/tickets/${id}/links`)
      .set(...(await as(who)))
      .send({ targetId, type });
  const merge = async (who: TestUser, id: string, targetId: string) =>
    http()
      .post(`/api/v1/tickets/${id}/merge`)
      .set(...(await as(who)))
      .send({ targetId });
  const historyTypes = async (ticketId: string) =>
    (
      await sql<{ type: string }>(
        'SELECT type FROM ticket_history WHERE ticket_id = $1 ORDER BY created_at, id',
        [ticketId],
      )
    ).map((h) => h.type);
  const events = async (ticketId: string) =>
    sql<{ type: string; payload: Record<string, unknown> }>(
      'SELECT type, payload FROM outbox_events WHERE aggregate_id = $1 ORDER BY occurred_at, id',
      [ticketId],
    );
  const state = async (ticketId: string) =>
    (
      await sql<{ status: string; merged_into_id: string | null; version: number }>(
        'SELECT status, merged_into_id, version FROM tickets WHERE id = $1',
        [ticketId],
      )
    )[0];

  beforeAll(async () => {});

  describe('links', () => {
    it('links two tickets both ways round, with history and an event on each', async () => {
      const a = await ticketIn(w.deptA.id);
      const b = await ticketIn(w.deptA.id);
      const res = await link(w.agentA, a.id, b.pid, 'RELATED');
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({
        type: 'RELATED',
        sourceTicketId: a.id,
        targetTicketId: b.id,
        direction: 'outgoing',
        ticket: { id: b.id, pid: b.pid },
        createdBy: w.agentA.id,
      });
      const fromB = await http()
        .get(`/api/v1/tickets/${b.id}/links`)
        .set(...(await as(w.agentA)));
      expect(fromB.body.data).toEqual([
        expect.objectContaining({
          id: res.body.data.id,
          direction: 'incoming',
          ticket: expect.objectContaining({ id: a.id }),
        }),
      ]);
      expect(await historyTypes(a.id)).toEqual(['LINKED']);
      expect(await historyTypes(b.id)).toEqual(['LINKED']);
      for (const id of [a.id, b.id]) {
        const [event] = await events(id);
        expect(event.type).toBe('ticket.updated');
        expect(event.payload.data).toMatchObject({ fields: ['links'], change: 'linked' });
      }
    });

    it('refuses a link to itself, twice, RELATED in reverse and cycles; nothing is written', async () => {
      const [a, b, c] = [await ticketIn(w.deptA.id), await ticketIn(w.deptA.id), await ticketIn(w.deptA.id)];
      expect((await link(w.agentA, a.id, a.id, 'RELATED')).status).toBe(400);
      expect((await link(w.agentA, a.id, a.pid, 'PARENT_OF')).status).toBe(400);
      expect((await link(w.agentA, a.id, b.id, 'RELATED')).status).toBe(201);
      expect((await link(w.agentA, a.id, b.id, 'RELATED')).body.error.code).toBe('CONFLICT');
      expect((await link(w.agentA, b.id, a.id, 'RELATED')).body.error.code).toBe('CONFLICT');

      expect((await link(w.agentA, a.id, b.id, 'PARENT_OF')).status).toBe(201);
      expect((await link(w.agentA, b.id, c.id, 'PARENT_OF')).status).toBe(201);
      const cycle = await link(w.agentA, c.id, a.id, 'PARENT_OF');
      expect(cycle.status).toBe(409);
      expect(cycle.body.error.message).toMatch(/cycle/);
      // another type between the same tickets is no cycle
      expect((await link(w.agentA, c.id, a.id, 'DUPLICATE_OF')).status).toBe(201);
      expect((await link(w.agentA, a.id, c.id, 'DUPLICATE_OF')).status).toBe(409);
      expect(await historyTypes(c.id)).toEqual(['LINKED', 'LINKED']);
    });

    it('answers 404 for tickets out of scope, 403 for end users, 400 for bad bodies', async () => {
      const a = await ticketIn(w.deptA.id);
      const hidden = await ticketIn(w.deptB.id);
      expect((await link(w.agentA, a.id, hidden.id, 'RELATED')).status).toBe(404);
      expect((await link(w.agentA, hidden.id, a.id, 'RELATED')).status).toBe(404);
      expect((await link(w.requester, a.id, hidden.id, 'RELATED')).status).toBe(403);
      expect((await link(w.agentA, a.id, 'TKT-1', 'RELATED')).status).toBe(400);
      expect((await link(w.agentA, a.id, hidden.id, 'CLONE_OF')).status).toBe(400);
      const extra = await http()
        .post(`/api/v1/tickets/${a.id}/links`)
        .set(...(await as(w.agentA)))
        .send({ targetId: hidden.id, type: 'RELATED', createdBy: w.admin.id });
      expect(extra.status).toBe(400);
      expect(await sql('SELECT 1 FROM ticket_links WHERE source_ticket_id = $1', [a.id])).toHaveLength(0);
    });

    it('removes a link from either end, with history on both; only staff working the ticket', async () => {
      const a = await ticketIn(w.deptA.id);
      const b = await ticketIn(w.deptA.id);
      const created = await link(w.agentA, a.id, b.id, 'PARENT_OF');
      const linkId = created.body.data.id as string;
      const stranger = await http()
        .delete(`/api/v1/tickets/${(await ticketIn(w.deptA.id)).id}/links/${linkId}`)
        .set(...(await as(w.agentA)));
      expect(stranger.status).toBe(404);
      const byRequester = await http()
        .delete(`/api/v1/tickets/${a.id}/links/${linkId}`)
        .set(...(await as(w.requester)));
      expect(byRequester.status).toBe(403);
      const removed = await http()
        .delete(`/api/v1/tickets/${b.id}/links/${linkId}`)
        .set(...(await as(w.agentA)));
      expect(removed.status).toBe(204);
      expect(await historyTypes(a.id)).toEqual(['LINKED', 'UNLINKED']);
      expect(await historyTypes(b.id)).toEqual(['LINKED', 'UNLINKED']);
      const again = await http()
        .delete(`/api/v1/tickets/${b.id}/links/${linkId}`)
        .set(...(await as(w.agentA)));
      expect(again.status).toBe(404);
      const notUuid = await http()
        .delete(`/api/v1/tickets/${b.id}/links/nope`)
        .set(...(await as(w.agentA)));
      expect(notUuid.status).toBe(404);
    });
  });

  describe('merge', () => {
    it('closes the source as merged and shows its messages and attachments on the target', async () => {
      const source = await ticketIn(w.deptA.id, { status: 'IN_PROGRESS' });
      const target = await makeTicket({ requesterId: w.otherUser.id, departmentId: w.deptA.id });
      const reply = await http()
        .post(`/api/v1/tickets/${source.id}/messages`)
        .set(...(await as(w.requester)))
        .send({ body: 'Printer on floor 3 is on fire' });
      expect(reply.status).toBe(201);
      const note = await http()
        .post(`/api/v1/tickets/${source.id}/messages`)
        .set(...(await as(w.agentA)))
        .send({ body: 'internal: same as the other one', internal: true });
      expect(note.status).toBe(201);
      const upload = await uploadText(w.requester, source.id, 'log.txt', 'smoke log\n');
      expect(upload.status).toBe(201);

      const res = await merge(w.agentA, source.pid, target.pid);
      expect(res.status).toBe(200);
      expect(res.body.data.source).toMatchObject({
        id: source.id,
        status: 'CLOSED',
        mergedIntoId: target.id,
      });
      expect(res.body.data.source.closedAt).not.toBeNull();
      expect(res.body.data.target).toMatchObject({ id: target.id, status: 'OPEN', mergedIntoId: null });

      // staff on the target see the source's reply and note; the target's w.requester the reply only
      const staffView = await http()
        .get(`/api/v1/tickets/${target.id}/messages`)
        .set(...(await as(w.agentA)));
      expect(staffView.body.data.map((m: { body: string }) => m.body)).toEqual([
        'Printer on floor 3 is on fire',
        'internal: same as the other one',
      ]);
      const requesterView = await http()
        .get(`/api/v1/tickets/${target.id}/messages`)
        .set(...(await as(w.otherUser)));
      expect(requesterView.body.data.map((m: { body: string }) => m.body)).toEqual([
        'Printer on floor 3 is on fire',
      ]);
      expect(requesterView.body.pagination.total).toBe(1);
      const files = await http()
        .get(`/api/v1/tickets/${target.id}/attachments`)
        .set(...(await as(w.otherUser)));
      expect(files.body.data.map((f: { id: string }) => f.id)).toEqual([upload.body.data.id]);
      // the target's w.requester cannot open the source itself, yet downloads its file through the target
      expect(
        (
          await http()
            .get(`/api/v1/tickets/${source.id}`)
            .set(...(await as(w.otherUser)))
        ).status,
      ).toBe(404);
      const download = await http()
        .get(`/api/v1/attachments/${upload.body.data.id}`)
        .set(...(await as(w.otherUser)));
      expect(download.status).toBe(200);
      expect(download.text ?? download.body.toString()).toContain('smoke log');

      expect(await historyTypes(source.id)).toEqual([
        'MESSAGE_ADDED',
        'NOTE_ADDED',
        'ATTACHMENT_ADDED',
        'STATUS_CHANGED',
        'MERGED',
      ]);
      const [closed] = await sql<{ details: Record<string, unknown> }>(
        `SELECT details FROM ticket_history WHERE ticket_id = $1 AND type = 'STATUS_CHANGED'`,
        [source.id],
      );
      expect(closed.details).toMatchObject({
        from: 'IN_PROGRESS',
        to: 'CLOSED',
        mergedInto: { id: target.id, pid: target.pid },
      });
      expect(await historyTypes(target.id)).toEqual(['MERGED']);
      const links = await http()
        .get(`/api/v1/tickets/${target.id}/links`)
        .set(...(await as(w.agentA)));
      expect(links.body.data).toEqual([
        expect.objectContaining({ type: 'DUPLICATE_OF', sourceTicketId: source.id, direction: 'incoming' }),
      ]);
      const sourceEvents = (await events(source.id)).map((e) => e.type);
      expect(sourceEvents[sourceEvents.length - 1]).toBe('ticket.status_changed');
      const [targetEvent] = await events(target.id);
      expect(targetEvent).toMatchObject({
        type: 'ticket.updated',
        payload: { data: { fields: ['merged'], mergedFrom: { id: source.id, pid: source.pid } } },
      });

      // the link that records the merge stays
      const unlink = await http()
        .delete(`/api/v1/tickets/${target.id}/links/${links.body.data[0].id}`)
        .set(...(await as(w.agentA)));
      expect(unlink.status).toBe(409);
    });

    it('refuses a merge into itself, of a merged ticket, into a merged ticket, and cycles, changing nothing', async () => {
      const a = await ticketIn(w.deptA.id);
      const b = await ticketIn(w.deptA.id);
      const c = await ticketIn(w.deptA.id);
      const self = await merge(w.agentA, a.id, a.pid);
      expect(self.status).toBe(400);
      expect(self.body.error.details).toEqual([expect.objectContaining({ field: 'targetId' })]);

      expect((await merge(w.agentA, a.id, b.id)).status).toBe(200);
      const mergedAgain = await merge(w.agentA, a.id, c.id);
      expect(mergedAgain.status).toBe(409);
      const intoMerged = await merge(w.agentA, c.id, a.id);
      expect(intoMerged.status).toBe(409);
      // b back into a would close the loop a → b → a
      const back = await merge(w.agentA, b.id, a.id);
      expect(back.status).toBe(409);
      expect(await state(b.id)).toMatchObject({ status: 'OPEN', merged_into_id: null });
      expect(await state(c.id)).toMatchObject({ status: 'OPEN', merged_into_id: null });
      expect(await historyTypes(c.id)).toEqual([]);

      // a DUPLICATE_OF link already pointing the other way is a cycle too
      const d = await ticketIn(w.deptA.id);
      const e = await ticketIn(w.deptA.id);
      expect((await link(w.agentA, d.id, e.id, 'DUPLICATE_OF')).status).toBe(201);
      const loop = await merge(w.agentA, e.id, d.id);
      expect(loop.status).toBe(409);
      expect(await state(e.id)).toMatchObject({ status: 'OPEN', merged_into_id: null });
      // … while merging along it is fine
      expect((await merge(w.agentA, d.id, e.id)).status).toBe(200);
    });

    it('refuses finished tickets on either side', async () => {
      const closed = await ticketIn(w.deptA.id, { status: 'CLOSED' });
      const cancelled = await ticketIn(w.deptA.id, { status: 'CANCELLED' });
      const open = await ticketIn(w.deptA.id);
      expect((await merge(w.agentA, closed.id, open.id)).status).toBe(409);
      expect((await merge(w.agentA, open.id, cancelled.id)).status).toBe(409);
      expect(await state(open.id)).toMatchObject({ status: 'OPEN' });
    });

    it('refuses merging across departments unless ADMIN', async () => {
      const mine = await ticketIn(w.deptA.id);
      // w.agentA works this w.deptB ticket because it is assigned to them
      const theirs = await ticketIn(w.deptB.id, { assigneeId: w.agentA.id });
      const refused = await merge(w.agentA, mine.id, theirs.id);
      expect(refused.status).toBe(403);
      expect(await state(mine.id)).toMatchObject({ status: 'OPEN', merged_into_id: null });
      const unseen = await merge(w.agentB, mine.id, theirs.id);
      expect(unseen.status).toBe(404);
      expect((await merge(w.requester, mine.id, theirs.id)).status).toBe(403);
      const byAdmin = await merge(w.admin, mine.id, theirs.id);
      expect(byAdmin.status).toBe(200);
      expect(byAdmin.body.data.source).toMatchObject({ status: 'CLOSED', mergedIntoId: theirs.id });
    });

    it('lets exactly one of two opposite merges racing win', async () => {
      const a = await ticketIn(w.deptA.id);
      const b = await ticketIn(w.deptA.id);
      const results = await Promise.all([merge(w.agentA, a.id, b.id), merge(w.agentA, b.id, a.id)]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const merged = (
        await sql('SELECT 1 FROM tickets WHERE id = ANY($1) AND merged_into_id IS NOT NULL', [[a.id, b.id]])
      ).length;
      expect(merged).toBe(1);
    });
  });
});
