import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startTestApp } from './support/app';
import { makeDepartment, makeTicket, makeUser, sql, TestUser, unique } from './support/factories';
import { suiteWorld } from './support/world';
import { startMailing } from './support/mailing';
import { PrivateDatabase } from './support/private-database';
import { recipientOf, TestSmtpServer } from './support/smtp';
import { testApi } from './support/api';
import { inboundMail, MailInput } from './support/inbound-mail';
import { PNG } from './support/files';

jest.setTimeout(60_000);

const INBOUND_SECRET = 'inbound-secret-for-routing-0123456789';

describe('inbound email: routing, follow-ups, raw mail (e2e)', () => {
  const storageDir = mkdtempSync(join(tmpdir(), 'helpdesk-inroute-'));
  /** files kept in storage (raw mails and attachments) */
  const storedFiles = (): number =>
    readdirSync(storageDir, { recursive: true, withFileTypes: true }).filter(
      (e) => e.isFile() && !e.name.endsWith('.part'),
    ).length;
  let db: PrivateDatabase;
  let smtp: TestSmtpServer;
  let app: NestFastifyApplication;
  const { get, read, post, notifications, notified, download: downloadAs } = testApi(() => app);
  const inbound = inboundMail(() => app, INBOUND_SECRET, 'help@example.test');
  const ticket = (id: string, who: TestUser): Promise<Record<string, any>> => read(who, `/tickets/${id}`);

  /** the requester's mail `m`, as the gateway forwards it */
  const requesterMails = (m: MailInput) => inbound.mail({ from: w.requester.email, ...m });
  /** a ticket of the requester's in the IT department */
  const itTicket = (fields: Partial<Parameters<typeof makeTicket>[0]> = {}) =>
    makeTicket({ requesterId: w.requester.id, departmentId: w.itDept.id, ...fields });
  const requesterOf = async (ticketId: string): Promise<string> => {
    const [row] = await sql<{ requester_id: string }>('SELECT requester_id FROM tickets WHERE id = $1', [
      ticketId,
    ]);
    return row.requester_id;
  };

  /** the raw copy of a ticket's mail, as its department's agent downloads it */
  const rawCopy = (ticketId: string, mailId: string) =>
    downloadAs(w.itAgent, `/tickets/${ticketId}/emails/${mailId}/raw`);

  let env: Record<string, string>;
  beforeAll(async () => {
    ({ db, smtp, env } = await startMailing('inroute'));
  });
  const w = suiteWorld(async () => {
    const billing = await makeDepartment({ autoAssign: true });
    const itDept = await makeDepartment();
    const general = await makeDepartment();
    const requester = await makeUser({ fullName: 'Rita Requester' });
    const billingAgent = await makeUser({ role: 'AGENT', departmentId: billing.id });
    const itAgent = await makeUser({ role: 'AGENT', departmentId: itDept.id });
    const generalAgent = await makeUser({ role: 'AGENT', departmentId: general.id });
    const billingLead = await makeUser({ role: 'TEAM_LEAD', departmentId: billing.id });
    return { billing, itDept, general, requester, billingAgent, itAgent, generalAgent, billingLead };
  });
  beforeAll(async () => {
    app = await startTestApp({
      withWorker: true,
      env: {
        ...env,
        INBOUND_EMAIL_SECRET: INBOUND_SECRET,
        INBOUND_ROUTES: `Billing@Example.test=${w.billing.id},it@example.test=${w.itDept.id}`,
        INBOUND_DEFAULT_DEPARTMENT_ID: w.general.id,
        STORAGE_DIR: storageDir,
      },
    });
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.stop();
    await db?.drop();
  });

  describe('routing by recipient', () => {
    it('opens a ticket in the department of the address it was sent to, auto-assigned like any other', async () => {
      const res = await requesterMails({
        to: 'Billing <billing@example.test>',
        subject: 'Invoice 42 is wrong',
        text: 'Please fix.',
      });
      expect(res.status).toBe(201);
      const created = await ticket(res.body.data.ticketId, w.billingAgent);
      expect(created).toMatchObject({ departmentId: w.billing.id, assigneeId: w.billingAgent.id });
      // another department's agent does not see it
      expect((await get(w.itAgent, `/tickets/${created.id}`)).status).toBe(404);
    });

    it('opens a ticket for a subject of two emoji, titled as a mail without one', async () => {
      // two characters to the database, three UTF-16 units to JavaScript: too short for a title
      const res = await requesterMails({ to: 'billing@example.test', subject: '👍!', text: 'Thanks!' });
      expect(res.status).toBe(201);
      expect((await ticket(res.body.data.ticketId, w.billingAgent)).title).toBe('(no subject)');
    });

    it('routes by a Cc or the envelope recipient, and sends the rest to the default department', async () => {
      const cc = await requesterMails({ cc: 'it@example.test', subject: 'VPN down', text: 'x' });
      expect((await ticket(cc.body.data.ticketId, w.itAgent)).departmentId).toBe(w.itDept.id);
      const envelope = await requesterMails({
        to: 'list@example.test',
        subject: 'Laptop',
        text: 'x',
        headers: { 'X-Original-To': 'it@example.test' },
      });
      expect((await ticket(envelope.body.data.ticketId, w.itAgent)).departmentId).toBe(w.itDept.id);
      const other = await requesterMails({ to: 'hello@example.test', subject: 'Other', text: 'x' });
      expect((await ticket(other.body.data.ticketId, w.generalAgent)).departmentId).toBe(w.general.id);
    });
  });

  describe('new-ticket notices', () => {
    it("confirms a mailed ticket to its requester with the PID, threaded, and tells the department's leads", async () => {
      const subject = 'Refund please';
      const res = await requesterMails({ to: 'billing@example.test', subject, text: 'Twice charged.' });
      const { ticketId, pid } = res.body.data as { ticketId: string; pid: string };
      const mail = await smtp.waitFor(
        (m) => recipientOf(m) === w.requester.email && (m.subject ?? '').includes(pid),
      );
      expect(mail.subject).toBe(`[${pid}] Ticket received: ${subject}`);
      expect(mail.text).toContain(`We received your ticket ${pid}`);
      expect(mail.inReplyTo).toBe(`<ticket-${ticketId}@example.test>`);
      expect(mail.messageId).toMatch(new RegExp(`^<ticket-${ticketId}\\.`));
      const notice = await notified(
        w.billingLead,
        (n) => n.type === 'ticket.created' && n.ticketId === ticketId,
        'the lead hears of the new ticket',
      );
      expect(notice.title).toContain(pid);
      // the agent of another department hears nothing of it
      expect((await notifications(w.itAgent)).some((n) => n.ticketId === ticketId)).toBe(false);
    });

    it('confirms tickets opened through the API too', async () => {
      const created = await post(w.requester, '/tickets', {
        title: 'Desk lamp',
        description: 'Broken',
        departmentId: w.billing.id,
      });
      expect(created.status).toBe(201);
      const pid = created.body.data.pid as string;
      const mail = await smtp.waitFor(
        (m) => recipientOf(m) === w.requester.email && (m.subject ?? '').includes(pid),
      );
      expect(mail.subject).toBe(`[${pid}] Ticket received: Desk lamp`);
    });
  });

  describe('replies', () => {
    it('opens a linked follow-up for a reply to a CLOSED ticket, once per Message-ID', async () => {
      const closed = await itTicket({ status: 'CLOSED', title: 'Printer jams' });
      const raw = await inbound.compose({
        from: w.requester.email,
        to: 'billing@example.test', // the route does not matter: a follow-up stays in the ticket's department
        subject: `Re: [${closed.pid}] Resolved: Printer jams`,
        text: 'It jams again.\n\nOn Tue, Helpdesk wrote:\n> Resolved',
        messageId: `<${unique('followup')}@mail.example.test>`,
      });
      const res = await inbound.post(raw);
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({
        status: 'follow_up_created',
        followUpOf: { id: closed.id, pid: closed.pid },
        messageId: null,
      });
      const followUp = await ticket(res.body.data.ticketId, w.itAgent);
      expect(followUp).toMatchObject({
        requesterId: w.requester.id,
        departmentId: w.itDept.id,
        status: 'OPEN',
        title: 'Resolved: Printer jams',
        description: 'It jams again.',
      });
      // the closed ticket stays closed and gets no message
      expect((await ticket(closed.id, w.itAgent)).status).toBe('CLOSED');
      const [{ count }] = await sql<{ count: string }>(
        `SELECT count(*) FROM ticket_messages WHERE ticket_id = $1`,
        [closed.id],
      );
      expect(Number(count)).toBe(0);
      // linked both ways, visible to the requester too
      const links = await read(w.requester, `/tickets/${followUp.id}/links`);
      expect(links).toEqual([
        expect.objectContaining({
          type: 'RELATED',
          direction: 'outgoing',
          sourceTicketId: followUp.id,
          targetTicketId: closed.id,
          ticket: expect.objectContaining({ id: closed.id, pid: closed.pid, status: 'CLOSED' }),
        }),
      ]);
      const back = await read(w.itAgent, `/tickets/${closed.pid}/links`);
      expect(back).toEqual([
        expect.objectContaining({
          type: 'RELATED',
          direction: 'incoming',
          ticket: expect.objectContaining({ id: followUp.id }),
        }),
      ]);
      const history = await read(w.itAgent, `/tickets/${followUp.id}/history`);
      expect(history[0]).toMatchObject({
        type: 'CREATED',
        details: expect.objectContaining({ channel: 'email', followUpOf: closed.pid }),
      });

      const again = await inbound.post(raw);
      expect(again.status).toBe(200);
      expect(again.body.data).toMatchObject({ status: 'duplicate', ticketId: followUp.id });
      const [{ follow }] = await sql<{ follow: string }>(
        `SELECT count(*) AS follow FROM ticket_links WHERE target_ticket_id = $1`,
        [closed.id],
      );
      expect(Number(follow)).toBe(1);
    });

    it('reopens a RESOLVED ticket on a reply threaded only by In-Reply-To/References', async () => {
      const resolved = await itTicket({ status: 'RESOLVED' });
      const res = await requesterMails({
        subject: 'Re: your ticket', // the PID is gone from the subject
        text: 'Still broken.',
        references: `<other@example.test> <ticket-${resolved.id}.e1.u1@example.test>`,
      });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ status: 'reply_added', ticketId: resolved.id });
      const reopened = await ticket(resolved.id, w.itAgent);
      expect(reopened).toMatchObject({ status: 'IN_PROGRESS', resolvedAt: null });
      const history = await read(w.itAgent, `/tickets/${resolved.id}/history`);
      expect(history).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            type: 'STATUS_CHANGED',
            actorId: w.requester.id,
            details: expect.objectContaining({ from: 'RESOLVED', to: 'IN_PROGRESS' }),
          }),
        ]),
      );
    });

    it('opens a ticket of its own for a staff member or an ADMIN mailing with a PID, adding nothing to the one named', async () => {
      const admin = await makeUser({ role: 'ADMIN' });
      for (const [sender, status] of [
        [w.itAgent, 'IN_PROGRESS'],
        [admin, 'CLOSED'],
      ] as const) {
        const named = await itTicket({ status });
        const opened = await inbound.mailOpensTicket(
          { from: sender.email, subject: `Re: [${named.pid}] x`, text: 'For the record.' },
          named.id,
        );
        expect(await requesterOf(opened)).toBe(sender.id);
        expect(await sql('SELECT 1 FROM ticket_messages WHERE ticket_id = $1', [named.id])).toEqual([]);
        const [after] = await sql<{ status: string }>('SELECT status FROM tickets WHERE id = $1', [named.id]);
        expect(after.status).toBe(status);
      }
    });

    it('opens a new ticket for a tag that is no PID (month 00) or names no ticket, on the first try', async () => {
      const theirs = await itTicket();
      for (const tag of ['TKT-202600-000001', 'tkt-202613-000001', 'TKT-202611-999999']) {
        const opened = await inbound.mailOpensTicket(
          { from: w.requester.email, subject: `Re: [${tag}] printer`, text: 'Still broken.' },
          theirs.id,
        );
        expect(await requesterOf(opened)).toBe(w.requester.id);
      }
      expect(await sql('SELECT 1 FROM ticket_messages WHERE ticket_id = $1', [theirs.id])).toEqual([]);
    });
  });

  describe('the raw mail', () => {
    it('keeps each mail of a ticket as it arrived, for staff who can see the ticket', async () => {
      const raw = await inbound.compose({
        from: w.requester.email,
        to: 'it@example.test',
        subject: 'Monitor flickers',
        text: 'It flickers.\n\n-- \nRita, 3rd floor',
      });
      const opened = await inbound.post(raw);
      const id = opened.body.data.ticketId as string;
      expect((await ticket(id, w.itAgent)).description).toBe('It flickers.');
      const reply = await inbound.compose({
        from: w.requester.email,
        subject: `Re: [${opened.body.data.pid}] Monitor flickers`,
        text: 'Also at night.\n\nOn Mon, Helpdesk wrote:\n> quoted history',
      });
      const replied = await inbound.post(reply);
      expect(replied.body.data.status).toBe('reply_added');

      const list = await get(w.itAgent, `/tickets/${id}/emails`);
      expect(list.status).toBe(200);
      expect(list.body.pagination).toMatchObject({ total: 2 });
      expect(list.body.data).toEqual([
        expect.objectContaining({
          outcome: 'ticket_created',
          sender: w.requester.email,
          recipient: 'it@example.test',
          subject: 'Monitor flickers',
          rawSizeBytes: raw.length,
          ticketMessageId: null,
        }),
        expect.objectContaining({
          outcome: 'reply_added',
          rawSizeBytes: reply.length,
          ticketMessageId: replied.body.data.messageId,
        }),
      ]);
      const download = await rawCopy(id, list.body.data[1].id);
      expect(download.status).toBe(200);
      expect(download.headers['content-type']).toBe('message/rfc822');
      expect((download.body as Buffer).equals(reply)).toBe(true);
      expect(download.body.toString()).toContain('> quoted history');

      // END_USERs may not (403); staff outside the ticket's scope do not see it (404); unknown mail ids are 404
      expect((await get(w.requester, `/tickets/${id}/emails`)).status).toBe(403);
      expect((await get(w.billingAgent, `/tickets/${id}/emails`)).status).toBe(404);
      expect((await get(w.billingAgent, `/tickets/${id}/emails/${list.body.data[1].id}/raw`)).status).toBe(
        404,
      );
      expect((await get(w.itAgent, `/tickets/${id}/emails/not-a-uuid/raw`)).status).toBe(404);
    });

    it('keeps the mail and its raw copy when an attachment cannot be stored after the ticket was made', async () => {
      // the database refuses one attachment's row: a failure that is not the mail's fault, after the mail is recorded
      await sql(`CREATE FUNCTION refuse_attachment() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.filename = 'refused.png' THEN RAISE EXCEPTION 'attachment storage unavailable'; END IF;
          RETURN NEW;
        END $$`);
      await sql(`CREATE TRIGGER refuse_attachment BEFORE INSERT ON ticket_attachments
        FOR EACH ROW EXECUTE FUNCTION refuse_attachment()`);
      try {
        const raw = await inbound.compose({
          from: w.requester.email,
          to: 'it@example.test',
          subject: 'Scanner jams',
          text: 'See the pictures.',
          attachments: [
            { filename: 'refused.png', content: PNG, contentType: 'image/png' },
            { filename: 'kept.png', content: PNG, contentType: 'image/png' },
          ],
        });
        const res = await inbound.post(raw);
        expect(res.status).toBe(201);
        expect(res.body.data).toMatchObject({
          status: 'ticket_created',
          attachments: [expect.objectContaining({ filename: 'kept.png' })],
          skippedAttachments: [{ filename: 'refused.png', reason: expect.stringContaining('raw mail') }],
        });
        const id = res.body.data.ticketId as string;
        const [mail] = (await get(w.itAgent, `/tickets/${id}/emails`)).body.data as Array<{ id: string }>;
        const download = await rawCopy(id, mail.id);
        expect(download.status).toBe(200);
        expect((download.body as Buffer).equals(raw)).toBe(true);
        // the same mail again is a duplicate, and the raw copy stays
        expect((await inbound.post(raw)).body.data.status).toBe('duplicate');
        expect((await rawCopy(id, mail.id)).status).toBe(200);
      } finally {
        await sql('DROP TRIGGER refuse_attachment ON ticket_attachments');
        await sql('DROP FUNCTION refuse_attachment()');
      }
    });

    it('keeps nothing of a mail that is ignored or a duplicate', async () => {
      const raw = await inbound.compose({
        from: w.requester.email,
        subject: 'Keyboard',
        text: 'Keys stick.',
      });
      expect((await inbound.post(raw)).status).toBe(201);
      const before = storedFiles();
      expect(before).toBeGreaterThan(0);
      const ignored = await inbound.mail({
        from: `${unique('stranger')}@example.test`,
        subject: 'Hello',
        text: 'hi',
      });
      expect(ignored.body.data).toMatchObject({ status: 'ignored', reason: 'unknown_sender' });
      expect((await inbound.post(raw)).body.data.status).toBe('duplicate');
      expect(storedFiles()).toBe(before);
    });
  });
});
