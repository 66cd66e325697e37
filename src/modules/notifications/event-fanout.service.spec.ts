import { Logger } from '@nestjs/common';
import { Role } from '../../common/auth/role';
import { EnqueueOptions, MailMessage, OutboundMail } from '../../common/mail/outbound-mail';
import { Transaction, UnitOfWork } from '../../common/unit-of-work';
import { MetricsService } from '../../infrastructure/metrics/metrics.service';
import { DeliveryChannel, DeliveryLedger } from './delivery-ledger.port';
import { NewNotification, Person, Webhook } from './domain/notification';
import { EventFanoutService } from './event-fanout.service';
import { EventRedactor } from './event-redactor.port';
import { NotificationRepository } from './notification-repository.port';
import { NotificationRuleCache } from './notification-rule-cache.port';
import { NotificationRuleRepository } from './notification-rule-repository.port';
import { ActiveRule } from './domain/notification-rule';
import { RecipientDirectory } from './recipient-directory.port';
import { WebhookDispatcher, WebhookJob } from './webhook-dispatcher.port';
import { WebhookRepository } from './webhook-repository.port';

const people: Person[] = [
  { id: 'req', email: 'req@example.test', fullName: 'Ada', role: 'END_USER', isActive: true },
  { id: 'agent', email: 'agent@example.test', fullName: 'Grace', role: 'AGENT', isActive: true },
  { id: 'admin', email: 'admin@example.test', fullName: 'Linus', role: 'ADMIN', isActive: true },
  { id: 'outsider', email: 'out@example.test', fullName: 'Eve', role: 'END_USER', isActive: true },
];

/** Every test's MetricsService, ended after it: its default metrics would otherwise keep this file's modules alive. */
const metricsServices: MetricsService[] = [];
const metricsOf = (): MetricsService => {
  const metrics = new MetricsService();
  metricsServices.push(metrics);
  return metrics;
};

class Fakes {
  mails: Array<{ message: MailMessage; options?: EnqueueOptions }> = [];
  jobs: WebhookJob[] = [];
  inApp: NewNotification[] = [];
  claims = new Set<string>();
  redacted: Array<{ eventId: string; keys: readonly string[] }> = [];
  hooks: Webhook[] = [{ id: 'hook', url: 'https://x.example', events: ['*'], createdAt: new Date(0) }];
  rules: ActiveRule[] = [];
  readonly metrics = metricsOf();

  service(): EventFanoutService {
    const directory: RecipientDirectory = {
      people: (ids) => Promise.resolve(people.filter((p) => ids.includes(p.id))),
      departmentLeads: () => Promise.resolve([]),
      teamMembers: () => Promise.resolve([]),
      messageBody: () => Promise.resolve('Please restart it'),
      usersWithRole: (role: string) =>
        Promise.resolve(people.filter((p) => p.role === role).map((p) => p.id)),
    };
    const rules = { all: () => Promise.resolve(this.rules) } as unknown as NotificationRuleRepository;
    const ruleCache: NotificationRuleCache = {
      read: (load) => load(),
      invalidate: () => Promise.resolve(),
    };
    const notifications = {
      insert: (n: NewNotification) => {
        if (this.inApp.some((x) => x.userId === n.userId && x.eventId === n.eventId))
          return Promise.resolve(false);
        this.inApp.push(n);
        return Promise.resolve(true);
      },
    } as unknown as NotificationRepository;
    const ledger: DeliveryLedger = {
      claim: (eventId: string, channel: DeliveryChannel, recipient: string) => {
        const key = `${eventId}/${channel}/${recipient}`;
        if (this.claims.has(key)) return Promise.resolve(false);
        this.claims.add(key);
        return Promise.resolve(true);
      },
      done: () => Promise.resolve(),
      pending: () => Promise.resolve([]),
      stillPending: () => Promise.resolve(new Set<string>()),
    };
    const mail: OutboundMail = {
      enqueue: (message: MailMessage, options?: EnqueueOptions) => {
        this.mails.push({ message, options });
        return Promise.resolve();
      },
    };
    const webhooks = {
      subscribedTo: () => Promise.resolve(this.hooks),
    } as unknown as WebhookRepository;
    const dispatcher: WebhookDispatcher = {
      enqueue: (job: WebhookJob) => {
        this.jobs.push(job);
        return Promise.resolve();
      },
    };
    const redactor: EventRedactor = {
      redact: (eventId: string, keys: readonly string[]) => {
        this.redacted.push({ eventId, keys });
        return Promise.resolve();
      },
    };
    const uow: UnitOfWork = {
      run: (work) => work({} as Transaction),
      afterCommit: () => Promise.resolve(),
      noteRowWrite: () => undefined,
      wroteRow: () => true,
    };
    return new EventFanoutService(
      directory,
      notifications,
      ledger,
      mail,
      webhooks,
      dispatcher,
      redactor,
      { markHandled: () => Promise.resolve() },
      uow,
      rules,
      ruleCache,
      { factsOf: () => Promise.resolve(new Map()) },
      {
        smtpUrl: undefined,
        from: 'Desk <desk@example.test>',
        inboundSecret: undefined,
        inboundAutoRegister: false,
        inboundRoutes: new Map(),
        inboundDefaultDepartmentId: null,
      },
      {
        enabled: true,
        perEmailPerHour: 5,
        perIpPerHour: 30,
        passwordSetupUrl: 'https://help.example.test/set-password',
      },
      this.metrics,
    );
  }
}

const replyEvent = {
  id: 'e1',
  type: 'ticket.message_added',
  aggregateId: 't1',
  actorId: 'agent',
  occurredAt: '2026-11-01T10:00:00.000Z',
  data: {
    ticket: { id: 't1', pid: 'TKT-202611-000001', title: 'Printer', status: 'OPEN', requesterId: 'req' },
    messageId: 'm1',
    authorId: 'agent',
    internal: false,
  },
};

/** An event as the outbox hands it over, occurring now. */
const eventNow = <T>(id: string, type: string, aggregateId: string, actorId: string | null, data: T) => ({
  id,
  type,
  aggregateId,
  actorId,
  occurredAt: new Date().toISOString(),
  data,
});

describe('EventFanoutService', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterEach(() => {
    for (const metrics of metricsServices.splice(0)) metrics.onModuleDestroy();
  });
  it('notifies, mails and queues webhooks once, however often the event comes', async () => {
    const fakes = new Fakes();
    const service = fakes.service();
    await service.handle(replyEvent);
    await service.handle(replyEvent);
    expect(fakes.inApp).toHaveLength(1);
    expect(fakes.mails).toHaveLength(1);
    expect(fakes.mails[0].message).toMatchObject({
      to: 'req@example.test',
      subject: '[TKT-202611-000001] New reply: Printer',
      headers: { 'In-Reply-To': '<ticket-t1@example.test>', References: '<ticket-t1@example.test>' },
    });
    expect(fakes.mails[0].options).toEqual({ jobId: 'mail_e1_req', background: true });
    expect(fakes.jobs).toEqual([
      {
        webhookId: 'hook',
        event: {
          id: 'e1',
          type: 'ticket.message_added',
          occurredAt: replyEvent.occurredAt,
          data: replyEvent.data,
        },
      },
    ]);
  });

  it('adds what matching rules ask for, one notice per person and channel, never to those who may not read', async () => {
    const fakes = new Fakes();
    const rule = (over: Partial<ActiveRule>): ActiveRule => ({
      id: 'r',
      event: 'ticket.message_added',
      conditions: {},
      recipients: [],
      channels: ['EMAIL'],
      ...over,
    });
    fakes.rules = [
      // the requester gets the reply mail anyway: not twice
      rule({ id: 'r1', recipients: ['REQUESTER', { role: Role.ADMIN }] }),
      rule({
        id: 'r2',
        event: '*',
        recipients: [{ role: Role.ADMIN }, { userId: 'outsider' }],
        channels: ['IN_APP'],
      }),
      // the actor never hears of their own action; a rule for another event or priority does nothing
      rule({ id: 'r3', recipients: [{ userId: 'agent' }] }),
      rule({
        id: 'r4',
        event: 'ticket.created',
        recipients: [{ userId: 'admin' }],
        channels: ['EMAIL', 'IN_APP'],
      }),
      rule({ id: 'r5', conditions: { priority: 'URGENT' }, recipients: ['ASSIGNEE', { userId: 'admin' }] }),
    ];
    await fakes.service().handle(replyEvent);
    expect(fakes.mails.map((m) => m.message.to).sort()).toEqual(['admin@example.test', 'req@example.test']);
    expect(fakes.inApp.map((n) => n.userId).sort()).toEqual(['admin', 'req']);
    const adminMail = fakes.mails.find((m) => m.message.to === 'admin@example.test')!;
    expect(adminMail.message.subject).toBe('[TKT-202611-000001] New reply: Printer');
  });

  it('mails the reset token, then removes it from the stored and the returned event; never to webhooks', async () => {
    const fakes = new Fakes();
    const event = eventNow('e2', 'auth.password_reset_requested', 'req', null, {
      userId: 'req',
      token: 'tok_123',
      expiresAt: new Date(Date.now() + 30 * 60000).toISOString(),
    });
    const kept = await fakes.service().handle(event);
    expect(fakes.mails).toHaveLength(1);
    expect(fakes.mails[0].message.text).toContain('\ntoken=tok_123\n');
    expect(fakes.mails[0].options).toMatchObject({ sensitive: true });
    expect(fakes.mails[0].options?.background).toBeUndefined();
    expect(fakes.redacted).toEqual([{ eventId: 'e2', keys: ['token'] }]);
    expect(kept.data).toEqual({ userId: 'req', expiresAt: event.data.expiresAt });
    expect(fakes.jobs).toEqual([]);
    expect(fakes.inApp).toEqual([]);
  });

  it('mails a guest the PID and a set-password link, threaded with the ticket, then forgets the token', async () => {
    const fakes = new Fakes();
    const event = eventNow('e4', 'guest.ticket_submitted', 't1', 'req', {
      userId: 'req',
      ticketId: 't1',
      pid: 'TKT-202611-000007',
      title: '<script>alert(1)</script>',
      token: 'tok_guest',
      expiresAt: new Date(Date.now() + 7 * 86_400_000 + 60_000).toISOString(),
    });
    const kept = await fakes.service().handle(event);
    expect(fakes.mails).toHaveLength(1);
    const { message, options } = fakes.mails[0];
    expect(message.subject).toBe('[TKT-202611-000007] Ticket received: <script>alert(1)</script>');
    expect(message.text).toContain('https://help.example.test/set-password?token=tok_guest');
    expect(message.text).toContain('within 7 days');
    expect(message.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(message.html).not.toContain('<script>');
    expect(message.headers).toMatchObject({ References: '<ticket-t1@example.test>' });
    expect(options).toMatchObject({ sensitive: true });
    expect(fakes.redacted).toEqual([{ eventId: 'e4', keys: ['token'] }]);
    expect(kept.data).not.toHaveProperty('token');
    expect(fakes.jobs).toEqual([]);
    expect(fakes.inApp).toEqual([]);
  });

  it('confirms a guest submission without a link when the account already existed', async () => {
    const fakes = new Fakes();
    const data = { userId: 'req', ticketId: 't1', pid: 'TKT-202611-000008', title: 'Printer' };
    await fakes.service().handle(eventNow('e5', 'guest.ticket_submitted', 't1', 'req', data));
    expect(fakes.mails).toHaveLength(1);
    expect(fakes.mails[0].message.text).not.toContain('token');
    expect(fakes.mails[0].options).toMatchObject({ sensitive: false });
    expect(fakes.redacted).toEqual([]);
  });

  it('does not mail an expired reset token', async () => {
    const fakes = new Fakes();
    await fakes.service().handle(
      eventNow('e3', 'auth.password_reset_requested', 'req', null, {
        userId: 'req',
        token: 'tok',
        expiresAt: new Date(Date.now() - 1000).toISOString(),
      }),
    );
    expect(fakes.mails).toEqual([]);
    expect(fakes.redacted).toHaveLength(1);
  });
});
