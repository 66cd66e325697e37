import { sql } from './support/factories';
import { ticketSuite } from './support/ticket-suite';

describe('tickets (e2e)', () => {
  const { w, http, as, createTicket } = ticketSuite();

  describe('messages and internal notes', () => {
    it('keeps internal notes from the requester everywhere', async () => {
      const t = await createTicket(w.requester);
      await http()
        .post(`/api/v1/tickets/${t.id}/messages`)
        .set(...(await as(w.requester)))
        .send({ body: 'Any news?' })
        .expect(201);
      const note = await http()
        .post(`/api/v1/tickets/${t.id}/messages`)
        .set(...(await as(w.agentA)))
        .send({ body: 'Secret: user is VIP', internal: true })
        .expect(201);
      expect(note.body.data.internal).toBe(true);
      await http()
        .post(`/api/v1/tickets/${t.id}/messages`)
        .set(...(await as(w.agentA)))
        .send({ body: 'Looking into it' })
        .expect(201);

      const mine = await http()
        .get(`/api/v1/tickets/${t.id}/messages`)
        .set(...(await as(w.requester)))
        .expect(200);
      expect(mine.body.data.map((m: any) => m.body)).toEqual(['Any news?', 'Looking into it']);
      expect(mine.body.pagination.total).toBe(2);
      expect(JSON.stringify(mine.body)).not.toContain('VIP');

      const staff = await http()
        .get(`/api/v1/tickets/${t.id}/messages`)
        .set(...(await as(w.agentA)))
        .expect(200);
      expect(staff.body.data.map((m: any) => m.body)).toEqual([
        'Any news?',
        'Secret: user is VIP',
        'Looking into it',
      ]);

      const history = await http()
        .get(`/api/v1/tickets/${t.id}/history`)
        .set(...(await as(w.requester)))
        .expect(200);
      expect(history.body.data.map((h: any) => h.type)).not.toContain('NOTE_ADDED');
      expect(JSON.stringify(history.body)).not.toContain(note.body.data.id);
      const staffHistory = await http()
        .get(`/api/v1/tickets/${t.id}/history`)
        .set(...(await as(w.agentA)))
        .expect(200);
      expect(staffHistory.body.data.map((h: any) => h.type)).toContain('NOTE_ADDED');
    });

    it('keeps notes from staff who only requested the ticket (another department)', async () => {
      const t = await createTicket(w.agentB); // an agent of department B asks department A for help
      await http()
        .post(`/api/v1/tickets/${t.id}/messages`)
        .set(...(await as(w.agentA)))
        .send({ body: 'hr-only remark about the caller', internal: true })
        .expect(201);
      const msgs = await http()
        .get(`/api/v1/tickets/${t.id}/messages`)
        .set(...(await as(w.agentB)))
        .expect(200);
      expect(JSON.stringify(msgs.body)).not.toContain('hr-only');
      expect(msgs.body.pagination.total).toBe(0);
      const history = await http()
        .get(`/api/v1/tickets/${t.id}/history`)
        .set(...(await as(w.agentB)))
        .expect(200);
      expect(history.body.data.map((h: any) => h.type)).not.toContain('NOTE_ADDED');
      const search = await http()
        .get('/api/v1/tickets?q=hr-only')
        .set(...(await as(w.agentB)))
        .expect(200);
      expect(search.body.pagination.total).toBe(0);
      const staffSearch = await http()
        .get('/api/v1/tickets?q=hr-only')
        .set(...(await as(w.agentA)))
        .expect(200);
      expect(staffSearch.body.data.map((x: any) => x.id)).toContain(t.id);
    });

    it('refuses internal notes from the requester with 403', async () => {
      const t = await createTicket(w.requester);
      await http()
        .post(`/api/v1/tickets/${t.id}/messages`)
        .set(...(await as(w.requester)))
        .send({ body: 'sneaky', internal: true })
        .expect(403);
    });

    it('sets firstResponseAt on the first public staff reply only', async () => {
      const t = await createTicket(w.requester);
      await http()
        .post(`/api/v1/tickets/${t.id}/messages`)
        .set(...(await as(w.agentA)))
        .send({ body: 'note', internal: true })
        .expect(201);
      let current = await http()
        .get(`/api/v1/tickets/${t.id}`)
        .set(...(await as(w.agentA)))
        .expect(200);
      expect(current.body.data.firstResponseAt).toBeNull();
      const reply = await http()
        .post(`/api/v1/tickets/${t.id}/messages`)
        .set(...(await as(w.agentA)))
        .send({ body: 'Hello' })
        .expect(201);
      await http()
        .post(`/api/v1/tickets/${t.id}/messages`)
        .set(...(await as(w.leadA)))
        .send({ body: 'Hello again' })
        .expect(201);
      current = await http()
        .get(`/api/v1/tickets/${t.id}`)
        .set(...(await as(w.agentA)))
        .expect(200);
      expect(current.body.data.firstResponseAt).toBe(reply.body.data.createdAt);
    });

    it('moves PENDING_USER back to IN_PROGRESS when the requester replies', async () => {
      const t = await createTicket(w.requester);
      await http()
        .post(`/api/v1/tickets/${t.id}/status`)
        .set(...(await as(w.agentA)))
        .send({ status: 'PENDING_USER' })
        .expect(200);
      await http()
        .post(`/api/v1/tickets/${t.id}/messages`)
        .set(...(await as(w.requester)))
        .send({ body: 'Here is the info' })
        .expect(201);
      const after = await http()
        .get(`/api/v1/tickets/${t.id}`)
        .set(...(await as(w.requester)))
        .expect(200);
      expect(after.body.data.status).toBe('IN_PROGRESS');
    });

    it('pages messages oldest first and validates the body', async () => {
      const t = await createTicket(w.requester);
      for (const body of ['one', 'two', 'three']) {
        await http()
          .post(`/api/v1/tickets/${t.id}/messages`)
          .set(...(await as(w.requester)))
          .send({ body })
          .expect(201);
      }
      const p2 = await http()
        .get(`/api/v1/tickets/${t.id}/messages?page=2&limit=2`)
        .set(...(await as(w.requester)))
        .expect(200);
      expect(p2.body.data.map((m: any) => m.body)).toEqual(['three']);
      expect(p2.body.pagination).toMatchObject({ page: 2, limit: 2, total: 3, totalPages: 2 });
      await http()
        .post(`/api/v1/tickets/${t.id}/messages`)
        .set(...(await as(w.requester)))
        .send({ body: '' })
        .expect(400);
      await http()
        .post(`/api/v1/tickets/${t.id}/messages`)
        .set(...(await as(w.requester)))
        .send({ body: 'x', internal: 'yes' })
        .expect(400);
    });
  });

  describe('append-only records', () => {
    it('refuses UPDATE and DELETE on history and messages in the database itself', async () => {
      const t = await createTicket(w.requester);
      await http()
        .post(`/api/v1/tickets/${t.id}/messages`)
        .set(...(await as(w.requester)))
        .send({ body: 'original' })
        .expect(201);
      await expect(sql(`UPDATE ticket_history SET type = 'X' WHERE ticket_id = $1`, [t.id])).rejects.toThrow(
        /append-only/,
      );
      await expect(sql(`DELETE FROM ticket_history WHERE ticket_id = $1`, [t.id])).rejects.toThrow(
        /append-only/,
      );
      await expect(
        sql(`UPDATE ticket_messages SET body = 'edited' WHERE ticket_id = $1`, [t.id]),
      ).rejects.toThrow(/append-only/);
      await expect(sql(`DELETE FROM ticket_messages WHERE ticket_id = $1`, [t.id])).rejects.toThrow(
        /append-only/,
      );
      const [m] = await sql<{ body: string }>('SELECT body FROM ticket_messages WHERE ticket_id = $1', [
        t.id,
      ]);
      expect(m.body).toBe('original');
    });
  });
});
