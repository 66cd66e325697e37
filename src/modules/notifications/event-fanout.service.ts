import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { EventType } from '../../common/events/domain-event';
import { EnqueueOptions, MailMessage, OutboundMail } from '../../common/mail/outbound-mail';
import { UnitOfWork } from '../../common/unit-of-work';
import { guestConfig, mailConfig } from '../../config/configuration';
import { MetricsService } from '../../infrastructure/metrics/metrics.service';
import { DeliveryLedger } from './delivery-ledger.port';
import { EventRedactor } from './event-redactor.port';
import { HandledEvents } from './handled-events.port';
import { isPrivateEvent } from '../../common/events/private-events';
import { mailDomain, notificationMessageId, threadHeaders } from './domain/mail-thread';
import { EventMessage, Person } from './domain/notification';
import {
  actorOf,
  candidateIds,
  needsDepartmentLeads,
  needsTeamMembers,
  PlannedNotification,
  planNotifications,
  ticketOf,
} from './domain/recipients';
import { renderGuestConfirmation, renderNotification, renderPasswordReset } from './domain/templates';
import { NotificationRepository } from './notification-repository.port';
import { NotificationRuleCache } from './notification-rule-cache.port';
import { NotificationRuleRepository } from './notification-rule-repository.port';
import { needsLeads, planByRules, RuleRole, rolesNeeded, ruleApplies } from './domain/notification-rule';
import { Role } from '../../common/auth/role';
import { mergedIntoIdOf } from '../../common/events/merge-reference';
import { mergeReasonFor } from './domain/merge-reason';
import { TicketAccess } from '../tickets/ticket-access.port';
import { RecipientDirectory } from './recipient-directory.port';
import { WebhookDispatcher } from './webhook-dispatcher.port';
import { WebhookRepository } from './webhook-repository.port';

/** keys of `auth.password_reset_requested` data that must not outlive the mail */
export const RESET_SECRET_KEYS = ['token'] as const;
/** keys of `guest.ticket_submitted` data that must not outlive the mail */
export const GUEST_SECRET_KEYS = ['token'] as const;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * Reacts to each outbox event once per recipient: in-app notifications, mails (through the mail queue) and webhook
 * deliveries (through the webhook queue). Each side effect is claimed in the delivery ledger (or, in-app, by the
 * unique (user, event) key) in the transaction that queues it, so running an event twice does each thing once.
 */
@Injectable()
export class EventFanoutService {
  private readonly logger = new Logger(EventFanoutService.name);
  private readonly domain: string;
  private readonly passwordSetupUrl: string | null;
  private readonly notified;

  constructor(
    private readonly directory: RecipientDirectory,
    private readonly notifications: NotificationRepository,
    private readonly ledger: DeliveryLedger,
    private readonly mail: OutboundMail,
    private readonly webhooks: WebhookRepository,
    private readonly dispatcher: WebhookDispatcher,
    private readonly redactor: EventRedactor,
    private readonly handled: HandledEvents,
    private readonly uow: UnitOfWork,
    private readonly rules: NotificationRuleRepository,
    private readonly ruleCache: NotificationRuleCache,
    private readonly access: TicketAccess,
    @Inject(mailConfig.KEY) config: ConfigType<typeof mailConfig>,
    @Inject(guestConfig.KEY) guest: ConfigType<typeof guestConfig>,
    metrics: MetricsService,
  ) {
    this.domain = mailDomain(config.from);
    this.passwordSetupUrl = guest.passwordSetupUrl;
    this.notified = metrics.counter('notifications_total', 'Notifications produced from events', ['channel']);
  }

  /** The event's fan-out is complete (every delivery it leads to is claimed and queued): no re-drive needed. */
  async markHandled(eventId: string): Promise<void> {
    await this.handled.markHandled(eventId);
  }

  /** Handles one event; returns the event as it may be kept afterwards (secrets removed). */
  async handle(event: EventMessage): Promise<EventMessage> {
    if (event.type === (EventType.PASSWORD_RESET_REQUESTED as string)) return this.passwordReset(event);
    if (event.type === (EventType.GUEST_TICKET_SUBMITTED as string)) return this.guestSubmitted(event);
    if (isPrivateEvent(event.type)) return event;
    await this.toWebhooks(event);
    await this.toPeople(event);
    return event;
  }

  private async toWebhooks(event: EventMessage): Promise<void> {
    const hooks = await this.webhooks.subscribedTo(event.type, new Date(event.occurredAt));
    for (const hook of hooks) {
      const job = {
        webhookId: hook.id,
        event: { id: event.id, type: event.type, occurredAt: event.occurredAt, data: event.data },
      };
      await this.uow.run(async () => {
        if (!(await this.ledger.claim(event.id, 'webhook', hook.id, { channel: 'webhook', job }))) return;
        await this.dispatcher.enqueue(job);
        this.notified.inc({ channel: 'webhook' });
      });
    }
  }

  private async toPeople(event: EventMessage): Promise<void> {
    const ticket = ticketOf(event.data);
    if (!ticket) return;
    const leads = needsTeamMembers(event)
      ? await this.directory.teamMembers(ticket.teamId!)
      : needsDepartmentLeads(event) && ticket.departmentId
        ? await this.directory.departmentLeads(ticket.departmentId)
        : [];
    const byRules = await this.planByRules(event, ticket);
    const people = new Map(
      (await this.directory.people([...candidateIds(event), ...leads, ...byRules.map((p) => p.userId)])).map(
        (p) => [p.id, p] as const,
      ),
    );
    const plan = planNotifications(event, people, leads, byRules);
    if (plan.length === 0) return;

    const messageId = str(event.data.messageId);
    const messageBody = messageId ? await this.directory.messageBody(ticket.id, messageId) : null;
    const actorId = actorOf(event);
    const actorName = actorId ? (people.get(actorId)?.fullName ?? null) : null;
    const reasonFor = await this.reasonsFor(event);

    for (const planned of plan) {
      const person = people.get(planned.userId)!;
      const rendered = renderNotification({
        kind: planned.kind,
        ticket,
        recipientName: person.fullName,
        recipientIsRequester: person.id === ticket.requesterId,
        actorName,
        messageBody,
        from: str(event.data.from),
        to: str(event.data.to),
        reason: reasonFor(person),
        decision: str(event.data.decision),
      });
      if (planned.inApp) {
        const added = await this.notifications.insert({
          userId: person.id,
          eventId: event.id,
          type: event.type,
          ticketId: ticket.id,
          title: rendered.title,
          body: rendered.body,
          occurredAt: new Date(event.occurredAt),
        });
        if (added) this.notified.inc({ channel: 'in_app' });
      }
      if (planned.mail) await this.mailTo(event, planned, person, ticket.id, rendered);
    }
  }

  /** The event's reason as each recipient may read it (a merge's names its target: see mergeReasonFor). */
  private async reasonsFor(event: EventMessage): Promise<(person: Person) => string | null> {
    const reason = str(event.data.reason);
    const mergedInto = mergedIntoIdOf(event.data);
    if (reason === null || mergedInto === null) return () => reason;
    const target = (await this.access.factsOf([mergedInto])).get(mergedInto);
    return (person) => mergeReasonFor(reason, target, person);
  }

  /** What the notification rules that match this event add (filtered with the built-in notices afterwards). */
  private async planByRules(
    event: EventMessage,
    ticket: NonNullable<ReturnType<typeof ticketOf>>,
  ): Promise<PlannedNotification[]> {
    const matching = (await this.ruleCache.read(() => this.rules.all())).filter((rule) =>
      ruleApplies(rule, event.type, ticket),
    );
    if (matching.length === 0) return [];
    const leads =
      needsLeads(matching) && ticket.departmentId
        ? await this.directory.departmentLeads(ticket.departmentId)
        : [];
    const byRole = new Map<RuleRole, string[]>();
    for (const role of rolesNeeded(matching)) {
      const inDepartment = role !== Role.ADMIN;
      byRole.set(
        role,
        inDepartment && !ticket.departmentId
          ? []
          : await this.directory.usersWithRole(role, inDepartment ? ticket.departmentId : null),
      );
    }
    return planByRules(event, ticket, matching, { leads, byRole });
  }

  private async mailTo(
    event: EventMessage,
    planned: PlannedNotification,
    person: Person,
    ticketId: string,
    rendered: { subject: string; text: string; html: string },
  ): Promise<void> {
    const message: MailMessage = {
      kind: `ticket_${planned.kind}`,
      to: person.email,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      messageId: notificationMessageId(ticketId, event.id, person.id, this.domain),
      headers: { ...threadHeaders(ticketId, this.domain), 'Auto-Submitted': 'auto-generated' },
      delivery: { eventId: event.id, recipient: person.id },
    };
    const options: EnqueueOptions = { jobId: `mail_${event.id}_${person.id}`, background: true };
    await this.uow.run(async () => {
      if (!(await this.ledger.claim(event.id, 'mail', person.id, { channel: 'mail', message, options })))
        return;
      await this.mail.enqueue(message, options);
      this.notified.inc({ channel: 'mail' });
    });
  }

  /**
   * A guest's confirmation: the PID, and for a new account the single-use token that sets its password (removed
   * from the stored event once the mail is queued, like a reset token). Threaded with the ticket's later mails, so
   * the guest's replies find the ticket.
   */
  private async guestSubmitted(event: EventMessage): Promise<EventMessage> {
    const { token: tokenValue, ...rest } = event.data;
    const token = str(tokenValue);
    const userId = str(event.data.userId);
    const ticketId = str(event.data.ticketId);
    const pid = str(event.data.pid);
    const [person] = userId ? await this.directory.people([userId]) : [];
    if (person?.isActive && ticketId && pid) {
      const expiresAt = str(event.data.expiresAt);
      const daysLeft = expiresAt ? Math.floor((Date.parse(expiresAt) - Date.now()) / 86_400_000) : 0;
      const setup =
        token && daysLeft >= 1 ? { token, url: this.passwordSetupUrl, validDays: daysLeft } : null;
      const message: MailMessage = {
        kind: 'guest_ticket_received',
        to: person.email,
        ...renderGuestConfirmation({
          fullName: person.fullName,
          pid,
          title: str(event.data.title) ?? '',
          setup,
        }),
        messageId: notificationMessageId(ticketId, event.id, person.id, this.domain),
        headers: { ...threadHeaders(ticketId, this.domain), 'Auto-Submitted': 'auto-generated' },
        delivery: { eventId: event.id, recipient: person.id },
      };
      const options: EnqueueOptions = { jobId: `mail_${event.id}_${person.id}`, sensitive: setup !== null };
      await this.uow.run(async () => {
        // a mail carrying a set-password token is not kept in PostgreSQL for a re-drive
        const queued = options.sensitive ? null : { channel: 'mail' as const, message, options };
        if (!(await this.ledger.claim(event.id, 'mail', person.id, queued))) return;
        await this.mail.enqueue(message, options);
        this.notified.inc({ channel: 'mail' });
      });
    }
    if (token) await this.redactor.redact(event.id, GUEST_SECRET_KEYS);
    return token ? { ...event, data: rest } : event;
  }

  /**
   * The reset mail. The token travels in the event only until the mail is queued; then it is removed from the
   * outbox row (and the caller removes it from the queued event), so it does not linger in PostgreSQL or Redis.
   */
  private async passwordReset(event: EventMessage): Promise<EventMessage> {
    const { token: tokenValue, ...rest } = event.data;
    const token = str(tokenValue);
    const userId = str(event.data.userId);
    const expiresAt = str(event.data.expiresAt);
    if (token && userId) {
      const [person] = await this.directory.people([userId]);
      const minutesLeft = expiresAt ? Math.floor((Date.parse(expiresAt) - Date.now()) / 60000) : 30;
      if (!person?.isActive) {
        this.logger.log({ eventId: event.id }, 'password reset for an inactive account: no mail');
      } else if (minutesLeft < 1) {
        this.logger.warn({ eventId: event.id }, 'password reset token expired before it could be mailed');
      } else {
        await this.uow.run(async () => {
          if (!(await this.ledger.claim(event.id, 'mail', person.id))) return;
          const mail = renderPasswordReset(person.fullName, token, minutesLeft);
          await this.mail.enqueue(
            {
              kind: 'password_reset',
              to: person.email,
              ...mail,
              headers: { 'Auto-Submitted': 'auto-generated' },
              delivery: { eventId: event.id, recipient: person.id },
            },
            { jobId: `mail_${event.id}_${person.id}`, sensitive: true },
          );
        });
      }
    }
    await this.redactor.redact(event.id, RESET_SECRET_KEYS);
    return { ...event, data: rest };
  }
}
