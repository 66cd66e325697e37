import { TicketSnapshot } from '../../../common/events/ticket-snapshot';
import { NotificationKind } from './recipients';

export interface TemplateContext {
  kind: NotificationKind;
  ticket: TicketSnapshot;
  recipientName: string;
  /** whether the recipient is the ticket's requester: only their mailed reply adds a message to the ticket */
  recipientIsRequester: boolean;
  /** who acted, for "Ada replied"; null for the system */
  actorName: string | null;
  /** the message or note, for reply kinds */
  messageBody?: string | null;
  from?: string | null;
  to?: string | null;
  reason?: string | null;
  /** GRANTED or DENIED, for access decisions */
  decision?: string | null;
}

export interface RenderedNotification {
  /** mail subject, with the PID in brackets so replies find their ticket */
  subject: string;
  text: string;
  html: string;
  /** in-app title and short body */
  title: string;
  body: string;
}

const EXCERPT = 280;

const human = (value: string | null | undefined): string =>
  (value ?? '').toLowerCase().replace(/_/g, ' ') || 'unknown';

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const excerpt = (s: string): string => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT ? `${flat.slice(0, EXCERPT - 1)}…` : flat;
};

/** The notice's title: the same for every notice of a kind, or made from the change. */
const HEADLINES: Record<NotificationKind, string | ((ctx: TemplateContext) => string)> = {
  received: 'Ticket received',
  new_ticket: 'New ticket',
  reply: 'New reply',
  requester_reply: 'Requester replied',
  note: 'Internal note',
  status: (ctx) => `Status changed to ${human(ctx.to ?? ctx.ticket.status)}`,
  resolved: 'Resolved',
  assigned: 'Assigned to you',
  priority: (ctx) => `Priority changed to ${human(ctx.to ?? ctx.ticket.priority)}`,
  approval_requested: 'Approval requested',
  approval_decided: 'Approval decided',
  sla_breached: 'SLA breached',
  access_requested: 'Access requested',
  access_decided: (ctx) => (ctx.decision === 'GRANTED' ? 'Access granted' : 'Access denied'),
  assignment: 'Ticket assigned',
  attachment: 'New attachment',
  updated: 'Ticket updated',
};

const headlineOf = (ctx: TemplateContext): string => {
  const headline = HEADLINES[ctx.kind];
  return typeof headline === 'string' ? headline : headline(ctx);
};

/** The sentence that says what happened; the message itself (if any) follows it. */
function leadOf(ctx: TemplateContext): string {
  const who = ctx.actorName ?? 'The helpdesk';
  const t = ctx.ticket;
  switch (ctx.kind) {
    case 'received':
      return `We received your ticket ${t.pid}. Keep this number: replying to this email adds to the ticket.`;
    case 'new_ticket':
      return `${who} opened ticket ${t.pid} (${human(t.priority)} priority).`;
    case 'reply':
      return `${who} replied to ticket ${t.pid}:`;
    case 'requester_reply':
      return `${who}, who requested ticket ${t.pid}, replied:`;
    case 'note':
      return `${who} added an internal note to ticket ${t.pid}:`;
    case 'status':
      return `Ticket ${t.pid} moved from ${human(ctx.from)} to ${human(ctx.to ?? t.status)}.`;
    case 'resolved':
      // only the requester's mail threads onto the ticket: others would open a new one by replying
      return ctx.recipientIsRequester
        ? `Ticket ${t.pid} was resolved. If something is still wrong, reply to this email.`
        : `Ticket ${t.pid} was resolved.`;
    case 'assigned':
      return `${who} assigned ticket ${t.pid} to you.`;
    case 'priority':
      return `The priority of ticket ${t.pid} changed from ${human(ctx.from)} to ${human(ctx.to ?? t.priority)}.`;
    case 'approval_requested':
      return `Ticket ${t.pid} waits for your approval.`;
    case 'approval_decided':
      return `The approval of ticket ${t.pid} was decided.`;
    case 'sla_breached':
      return `Ticket ${t.pid} missed its service-level target.`;
    case 'access_requested':
      return `${who} asks to see ticket ${t.pid}. Grant or deny the request (GET /api/v1/access-requests lists it).`;
    case 'access_decided':
      return ctx.decision === 'GRANTED'
        ? `${who} granted your request to see ticket ${t.pid}: it is visible to you now.`
        : `${who} denied your request to see ticket ${t.pid}.`;
    case 'assignment':
      return `${who} assigned ticket ${t.pid}.`;
    case 'attachment':
      return `${who} attached a file to ticket ${t.pid}.`;
    case 'updated':
      return `${who} updated ticket ${t.pid}.`;
  }
}

/**
 * Whether the recipient may learn the ticket's facts (title, status) and be invited to reply: not the staff member
 * whose request to see a RESTRICTED ticket was denied, to whom the ticket stays 404 (they knew its PID already).
 */
const revealsTicket = (ctx: TemplateContext): boolean =>
  ctx.kind !== 'access_decided' || ctx.decision === 'GRANTED';

/** Subject, plain-text and HTML bodies of a notification mail, and its in-app title and body. */
export function renderNotification(ctx: TemplateContext): RenderedNotification {
  const t = ctx.ticket;
  const reveals = revealsTicket(ctx);
  const headline = headlineOf(ctx);
  const lead = leadOf(ctx);
  const reason = ctx.reason ? `Reason: ${ctx.reason}` : null;
  const message = ctx.messageBody?.trim() || null;
  const footer = reveals
    ? `Ticket ${t.pid} "${t.title}" is ${human(t.status)}. ` +
      (ctx.recipientIsRequester
        ? 'Reply to this email to add a message to it.'
        : 'Answer it in the helpdesk: a reply to this email would open a new ticket.')
    : null;

  const text = [
    `Hello ${ctx.recipientName},`,
    '',
    lead,
    ...(message ? ['', message] : []),
    ...(reason ? ['', reason] : []),
    ...(footer ? ['', '--', footer] : []),
  ].join('\n');

  const paragraph = (s: string) => `<p>${escapeHtml(s)}</p>`;
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif">',
    paragraph(`Hello ${ctx.recipientName},`),
    paragraph(lead),
    message
      ? `<blockquote style="white-space:pre-wrap;border-left:3px solid #ccc;margin:0;padding-left:12px">${escapeHtml(message)}</blockquote>`
      : '',
    reason ? paragraph(reason) : '',
    footer ? `<hr><p style="color:#666;font-size:90%">${escapeHtml(footer)}</p>` : '',
    '</body></html>',
  ].join('\n');

  return {
    subject: reveals ? `[${t.pid}] ${headline}: ${t.title}` : `[${t.pid}] ${headline}`,
    text,
    html,
    title: (reveals ? `${headline}: ${t.pid} ${t.title}` : `${headline}: ${t.pid}`).slice(0, 300),
    body: excerpt(message ? `${lead} ${message}` : [lead, reason].filter(Boolean).join(' ')),
  };
}

/** The password-reset mail: the token on a line of its own, `token=<token>`, so it is easy to copy. */
export function renderPasswordReset(
  fullName: string,
  token: string,
  validMinutes: number,
): { subject: string; text: string; html: string } {
  const lines = [
    `Hello ${fullName},`,
    '',
    `Someone asked to reset the password of your helpdesk account. Use this token within ${validMinutes} minutes:`,
    '',
    `token=${token}`,
    '',
    'If it was not you, ignore this mail: your password stays as it is.',
  ];
  return {
    subject: 'Reset your helpdesk password',
    text: lines.join('\n'),
    html: `<!doctype html><html><body style="font-family:sans-serif">${lines
      .filter((l) => l !== '')
      .map((l) => `<p>${escapeHtml(l)}</p>`)
      .join('\n')}</body></html>`,
  };
}

export interface GuestConfirmation {
  fullName: string;
  pid: string;
  title: string;
  /** present when the account was made for this submission: how to set its password */
  setup: { token: string; url: string | null; validDays: number } | null;
}

/**
 * The mail that confirms a guest submission: the PID, how replies work, and (for a new account) the single-use link
 * that sets a password. Everything the guest typed is escaped in the HTML part.
 */
export function renderGuestConfirmation(c: GuestConfirmation): {
  subject: string;
  text: string;
  html: string;
} {
  const intro = `We received your ticket ${c.pid}: "${c.title}".`;
  const howTo =
    'Keep this number. Our answers come to you by email, and replying to them (or to this mail) adds to your ticket.';
  const link = c.setup?.url
    ? `${c.setup.url}${c.setup.url.includes('?') ? '&' : '?'}token=${c.setup.token}`
    : null;
  const setupLines = !c.setup
    ? []
    : link
      ? [
          `To follow your tickets online, set a password within ${c.setup.validDays} days (the link works once):`,
          link,
        ]
      : [
          `To follow your tickets online, set a password within ${c.setup.validDays} days with this single-use token`,
          '(POST /api/v1/auth/password/reset with {"token", "newPassword"}):',
          `token=${c.setup.token}`,
        ];
  const text = [
    `Hello ${c.fullName},`,
    '',
    intro,
    howTo,
    ...(setupLines.length ? ['', ...setupLines] : []),
  ].join('\n');
  const paragraph = (s: string) => `<p>${escapeHtml(s)}</p>`;
  const setupHtml = !c.setup
    ? ''
    : link
      ? `${paragraph(setupLines[0])}<p><a href="${escapeHtml(link)}">Set your password</a></p>`
      : setupLines.map(paragraph).join('\n');
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif">',
    paragraph(`Hello ${c.fullName},`),
    paragraph(intro),
    paragraph(howTo),
    setupHtml,
    '</body></html>',
  ].join('\n');
  return { subject: `[${c.pid}] Ticket received: ${c.title}`, text, html };
}
