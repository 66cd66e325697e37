import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { startTestApp } from './support/app';
import { makeDepartment, makeUser, sql, TestUser, unique } from './support/factories';
import { suiteWorld } from './support/world';
import { startMailing } from './support/mailing';
import { PrivateDatabase } from './support/private-database';
import { recipientOf, TestSmtpServer } from './support/smtp';
import { eventually } from './support/webhook-receiver';
import { testApi } from './support/api';

jest.setTimeout(60_000);

type Http = ReturnType<typeof request>;

describe('notification rules (e2e)', () => {
  let db: PrivateDatabase;
  let smtp: TestSmtpServer;
  let app: NestFastifyApplication;
  /** a second API instance on the same database and Redis, without a worker */
  let other: NestFastifyApplication;
  const { as } = testApi(() => app);
  const http = (on: NestFastifyApplication = app): Http => request(on.getHttpServer());

  const createRule = async (body: Record<string, unknown>, on = app) => {
    const res = await http(on)
      .post('/api/v1/notification-rules')
      .set(...(await as(w.admin, on)))
      .send(body);
    expect(res.status).toBe(201);
    return res.body.data as { id: string; recipients: unknown[] };
  };
  const removeRule = async (id: string) =>
    http()
      .delete(`/api/v1/notification-rules/${id}`)
      .set(...(await as(w.admin)))
      .expect(204);
  const createTicket = async (priority = 'MEDIUM', who: TestUser = w.requester) => {
    const res = await http()
      .post('/api/v1/tickets')
      .set(...(await as(who)))
      .send({
        title: `Printer ${unique()}`,
        description: 'It does not print',
        departmentId: w.dept.id,
        priority,
      });
    expect(res.status).toBe(201);
    return res.body.data as { id: string; pid: string };
  };
  /** in-app notifications of a ticket, by user, once `until` has one */
  const inAppOf = async (ticketId: string, until: TestUser) =>
    eventually(async () => {
      const rows = await sql<{ user_id: string; type: string; title: string }>(
        'SELECT user_id, type, title FROM notifications WHERE ticket_id = $1',
        [ticketId],
      );
      return rows.some((r) => r.user_id === until.id) ? rows : undefined;
    });
  const mailsTo = (who: TestUser, subjectStart: string) =>
    smtp.mails.filter((m) => recipientOf(m) === who.email && (m.subject ?? '').startsWith(subjectStart));

  beforeAll(async () => {
    let mailing: Record<string, string>;
    ({ db, smtp, env: mailing } = await startMailing('rules'));
    const env = {
      ...mailing,
      REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}rules-${unique()}:`,
      STORAGE_DIR: mkdtempSync(join(tmpdir(), 'helpdesk-rules-')),
    };
    app = await startTestApp({ withWorker: true, env });
    other = await startTestApp({ withWorker: false, env });
  });

  const w = suiteWorld(async () => {
    const dept = await makeDepartment();
    const otherDept = await makeDepartment();
    const requester = await makeUser({ fullName: 'Ada Requester' });
    const agent = await makeUser({ role: 'AGENT', departmentId: dept.id, fullName: 'Grace Agent' });
    const agent2 = await makeUser({ role: 'AGENT', departmentId: dept.id });
    const outsideAgent = await makeUser({ role: 'AGENT', departmentId: otherDept.id });
    const outsider = await makeUser();
    const admin = await makeUser({ role: 'ADMIN' });
    const watcher = await makeUser({ role: 'ADMIN', fullName: 'Wendy Watcher' });
    const watcher2 = await makeUser({ role: 'ADMIN' });
    return { dept, otherDept, requester, agent, agent2, outsideAgent, outsider, admin, watcher, watcher2 };
  });
  afterAll(async () => {
    await other?.close();
    await app?.close();
    await smtp?.stop();
    await db?.drop();
  });

  describe('administration', () => {
    it('creates, reads, changes and deletes rules, each change in the audit log', async () => {
      const created = await http()
        .post('/api/v1/notification-rules')
        .set(...(await as(w.admin)))
        .send({
          event: 'ticket.status_changed',
          conditions: { departmentId: w.dept.id, status: 'RESOLVED' },
          recipients: ['REQUESTER', { role: 'TEAM_LEAD' }, { userId: w.watcher.id }, 'REQUESTER'],
          channels: ['IN_APP', 'EMAIL'],
        });
      expect(created.status).toBe(201);
      const rule = created.body.data;
      expect(rule).toMatchObject({
        event: 'ticket.status_changed',
        conditions: { departmentId: w.dept.id, status: 'RESOLVED' },
        recipients: ['REQUESTER', { role: 'TEAM_LEAD' }, { userId: w.watcher.id }],
        channels: ['EMAIL', 'IN_APP'],
        createdBy: w.admin.id,
      });
      const got = await http()
        .get(`/api/v1/notification-rules/${rule.id}`)
        .set(...(await as(w.admin)));
      expect(got.body.data).toEqual(rule);
      const patched = await http()
        .patch(`/api/v1/notification-rules/${rule.id}`)
        .set(...(await as(w.admin)))
        .send({ conditions: {}, channels: ['IN_APP'] });
      expect(patched.status).toBe(200);
      expect(patched.body.data).toMatchObject({ conditions: {}, channels: ['IN_APP'], event: rule.event });
      const list = await http()
        .get('/api/v1/notification-rules')
        .set(...(await as(w.admin)));
      expect(list.body.data.map((r: { id: string }) => r.id)).toContain(rule.id);
      await removeRule(rule.id);
      const gone = await http()
        .get(`/api/v1/notification-rules/${rule.id}`)
        .set(...(await as(w.admin)));
      expect(gone.status).toBe(404);
      const audit = await sql<{ action: string }>(
        `SELECT action FROM audit_log WHERE entity_type = 'notification_rule' AND entity_id = $1 ORDER BY at`,
        [rule.id],
      );
      expect(audit.map((a) => a.action)).toEqual([
        'notification_rule.created',
        'notification_rule.updated',
        'notification_rule.deleted',
      ]);
    });

    it('is for admins only, and refuses bad rules with 400 naming the field', async () => {
      const valid = { event: '*', recipients: ['ASSIGNEE'], channels: ['EMAIL'] };
      const byAgent = await http()
        .post('/api/v1/notification-rules')
        .set(...(await as(w.agent)))
        .send(valid);
      expect(byAgent.status).toBe(403);
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ ...valid, event: 'ticket.exploded' }, 'event'],
        [{ ...valid, event: 'auth.password_reset_requested' }, 'event'],
        [{ ...valid, recipients: ['EVERYONE'] }, 'recipients[0]'],
        [{ ...valid, recipients: ['ASSIGNEE', { role: 'END_USER' }] }, 'recipients[1]'],
        [{ ...valid, recipients: [{ userId: randomUUID() }] }, 'recipients[0]'],
        [{ ...valid, recipients: [{ userId: w.watcher.id, role: 'ADMIN' }] }, 'recipients[0]'],
        [{ ...valid, recipients: [] }, 'recipients'],
        [{ ...valid, channels: [] }, 'channels'],
        [{ ...valid, channels: ['SMS'] }, 'channels'],
        [{ ...valid, conditions: { departmentId: randomUUID() } }, 'conditions.departmentId'],
        [{ ...valid, conditions: { priority: 'SOON' } }, 'conditions.priority'],
        [{ ...valid, conditions: { team: 'x' } }, 'conditions.team'],
        [{ ...valid, extra: true }, 'extra'],
      ];
      for (const [body, field] of cases) {
        const res = await http()
          .post('/api/v1/notification-rules')
          .set(...(await as(w.admin)))
          .send(body);
        expect({
          body,
          status: res.status,
          fields: res.body.error?.details?.map((d: { field: string }) => d.field),
        }).toEqual({ body, status: 400, fields: expect.arrayContaining([expect.stringContaining(field)]) });
      }
      const missing = await http()
        .patch(`/api/v1/notification-rules/${randomUUID()}`)
        .set(...(await as(w.admin)))
        .send({ channels: ['EMAIL'] });
      expect(missing.status).toBe(404);
      const empty = await http()
        .patch(`/api/v1/notification-rules/${randomUUID()}`)
        .set(...(await as(w.admin)))
        .send({});
      expect(empty.status).toBe(400);
      expect(await sql('SELECT 1 FROM notification_rules')).toHaveLength(0);
    });
  });

  describe('evaluation by the worker', () => {
    it('notifies whom a matching rule names, by the channels it names, on top of the built-in notices', async () => {
      const rule = await createRule({
        event: 'ticket.created',
        conditions: { departmentId: w.dept.id, priority: 'URGENT' },
        recipients: [{ userId: w.watcher.id }, { role: 'AGENT' }],
        channels: ['EMAIL', 'IN_APP'],
      });
      const urgent = await createTicket('URGENT');
      const watcherMail = await smtp.waitFor(
        (m) =>
          recipientOf(m) === w.watcher.email && (m.subject ?? '').startsWith(`[${urgent.pid}] New ticket: `),
      );
      expect(watcherMail.text).toContain('Ada Requester opened ticket');
      await smtp.waitFor(
        (m) => recipientOf(m) === w.agent2.email && (m.subject ?? '').startsWith(`[${urgent.pid}]`),
      );
      const inApp = await inAppOf(urgent.id, w.watcher);
      const told = new Set(inApp.map((n) => n.user_id));
      expect(told.has(w.agent.id) && told.has(w.agent2.id)).toBe(true);
      // an AGENT of another department may not read the ticket: the role means the ticket's department
      expect(told.has(w.outsideAgent.id)).toBe(false);
      // the requester still gets the built-in confirmation
      await smtp.waitFor(
        (m) =>
          recipientOf(m) === w.requester.email &&
          (m.subject ?? '').startsWith(`[${urgent.pid}] Ticket received`),
      );
      await removeRule(rule.id);
    });

    it('sends a person named by several rules and by the built-in notices one mail per event', async () => {
      const rules = [
        await createRule({
          event: 'ticket.message_added',
          recipients: ['REQUESTER', { userId: w.requester.id }],
          channels: ['EMAIL', 'IN_APP'],
        }),
        await createRule({
          event: '*',
          conditions: { departmentId: w.dept.id },
          recipients: ['REQUESTER', { userId: w.watcher.id }],
          channels: ['EMAIL'],
        }),
      ];
      const ticket = await createTicket();
      const res = await http()
        .post(`/api/v1/tickets/${ticket.id}/messages`)
        .set(...(await as(w.agent)))
        .send({ body: 'Please restart it' });
      expect(res.status).toBe(201);
      const [event] = await sql<{ id: string }>(
        `SELECT id FROM outbox_events WHERE aggregate_id = $1 AND type = 'ticket.message_added'`,
        [ticket.id],
      );
      // the watcher is planned after the requester for this event: once their mail is out, the requester's is too
      await smtp.waitFor(
        (m) => recipientOf(m) === w.watcher.email && (m.messageId ?? '').includes(`.${event.id}.`),
      );
      await smtp.waitFor(
        (m) => recipientOf(m) === w.requester.email && (m.messageId ?? '').includes(`.${event.id}.`),
      );
      expect(
        smtp.mails.filter(
          (m) => recipientOf(m) === w.requester.email && (m.messageId ?? '').includes(`.${event.id}.`),
        ),
      ).toHaveLength(1);
      expect(mailsTo(w.requester, `[${ticket.pid}] New reply`)).toHaveLength(1);
      const rows = await sql('SELECT 1 FROM notifications WHERE user_id = $1 AND event_id = $2', [
        w.requester.id,
        event.id,
      ]);
      expect(rows).toHaveLength(1);
      for (const r of rules) await removeRule(r.id);
    });

    it('never tells anyone of a ticket they may not read, nor an end user of a note', async () => {
      const rule = await createRule({
        event: '*',
        conditions: { departmentId: w.dept.id },
        recipients: [
          { userId: w.outsider.id },
          { userId: w.outsideAgent.id },
          'REQUESTER',
          { userId: w.watcher.id },
        ],
        channels: ['IN_APP'],
      });
      const ticket = await createTicket();
      const note = await http()
        .post(`/api/v1/tickets/${ticket.id}/messages`)
        .set(...(await as(w.agent)))
        .send({ body: 'internal only', internal: true });
      expect(note.status).toBe(201);
      const [noteEvent] = await sql<{ id: string }>(
        `SELECT id FROM outbox_events WHERE aggregate_id = $1 AND type = 'ticket.note_added'`,
        [ticket.id],
      );
      const told = await eventually(async () => {
        const rows = await sql<{ user_id: string }>('SELECT user_id FROM notifications WHERE event_id = $1', [
          noteEvent.id,
        ]);
        return rows.some((r) => r.user_id === w.watcher.id) ? rows.map((r) => r.user_id) : undefined;
      });
      expect(told).not.toContain(w.outsider.id);
      expect(told).not.toContain(w.outsideAgent.id);
      expect(told).not.toContain(w.requester.id);

      // staff who requested a ticket of another department may read it, not its internal notes
      const asked = await createTicket('MEDIUM', w.outsideAgent);
      const addNote = async (body: string) => {
        const res = await http()
          .post(`/api/v1/tickets/${asked.id}/messages`)
          .set(...(await as(w.agent)))
          .send({ body, internal: true });
        expect(res.status).toBe(201);
      };
      await addNote('internal only, again');
      const reply = await http()
        .post(`/api/v1/tickets/${asked.id}/messages`)
        .set(...(await as(w.agent)))
        .send({ body: 'a public answer' });
      expect(reply.status).toBe(201);
      const events = await sql<{ id: string; type: string }>(
        `SELECT id, type FROM outbox_events WHERE aggregate_id = $1 AND type IN ('ticket.note_added', 'ticket.message_added')`,
        [asked.id],
      );
      const toldOf = async (type: string) =>
        eventually(async () => {
          const rows = await sql<{ user_id: string }>(
            'SELECT user_id FROM notifications WHERE event_id = $1',
            [events.find((e) => e.type === type)!.id],
          );
          return rows.some((r) => r.user_id === w.watcher.id) ? rows.map((r) => r.user_id) : undefined;
        });
      // the public answer reaches them by the rule; the note does not (the watcher is planned after them)
      expect(await toldOf('ticket.message_added')).toContain(w.outsideAgent.id);
      expect(await toldOf('ticket.note_added')).not.toContain(w.outsideAgent.id);
      await removeRule(rule.id);
    });

    it('matches the department whatever the case its uuid was sent or stored in', async () => {
      const rule = await createRule({
        event: 'ticket.created',
        conditions: { departmentId: w.dept.id.toUpperCase() },
        recipients: [{ userId: w.watcher2.id }],
        channels: ['IN_APP'],
      });
      expect(rule).toMatchObject({ conditions: { departmentId: w.dept.id } });
      const [stored] = await sql<{ conditions: { departmentId: string } }>(
        'SELECT conditions FROM notification_rules WHERE id = $1',
        [rule.id],
      );
      expect(stored.conditions.departmentId).toBe(w.dept.id);
      await inAppOf((await createTicket()).id, w.watcher2);

      // a rule stored in upper case before ids were made canonical still fires (a write drops the cached rules)
      await sql(`UPDATE notification_rules SET conditions = $2::jsonb WHERE id = $1`, [
        rule.id,
        JSON.stringify({ departmentId: w.dept.id.toUpperCase() }),
      ]);
      const patched = await http()
        .patch(`/api/v1/notification-rules/${rule.id}`)
        .set(...(await as(w.admin)))
        .send({ channels: ['IN_APP'] });
      expect(patched.status).toBe(200);
      await inAppOf((await createTicket()).id, w.watcher2);
      await removeRule(rule.id);
    });

    it('keeps the rules in Redis and drops them on every write, from any instance', async () => {
      const rule = await createRule({
        event: 'ticket.created',
        conditions: { departmentId: w.dept.id },
        recipients: [{ userId: w.watcher.id }],
        channels: ['IN_APP'],
      });
      const first = await createTicket();
      await inAppOf(first.id, w.watcher);

      // a change behind the API's back is not seen while the cached rules stand
      await sql(`UPDATE notification_rules SET recipients = $2::jsonb WHERE id = $1`, [
        rule.id,
        JSON.stringify([{ userId: w.watcher2.id }, { userId: w.watcher.id }]),
      ]);
      const second = await createTicket();
      const secondTold = (await inAppOf(second.id, w.watcher)).map((n) => n.user_id);
      expect(secondTold).not.toContain(w.watcher2.id);

      // a write through the other instance drops the cache for the worker of this one
      const patched = await http(other)
        .patch(`/api/v1/notification-rules/${rule.id}`)
        .set(...(await as(w.admin, other)))
        .send({ recipients: [{ userId: w.watcher2.id }] });
      expect(patched.status).toBe(200);
      const third = await createTicket();
      const thirdTold = (await inAppOf(third.id, w.watcher2)).map((n) => n.user_id);
      expect(thirdTold).not.toContain(w.watcher.id);
      await removeRule(rule.id);
    });
  });
});
