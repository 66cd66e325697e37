/**
 * Mail threading per ticket: every mail about a ticket answers one root Message-ID, `<ticket-<id>@<domain>>`, so
 * mail clients show a ticket's mails as one conversation, and a reply's References lead back to the ticket.
 */
export function mailDomain(mailFrom: string): string {
  const address = /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom;
  const domain = address.split('@')[1]?.trim().toLowerCase() ?? '';
  return /^[a-z0-9.-]+$/.test(domain) ? domain : 'helpdesk.invalid';
}

export const threadRootId = (ticketId: string, domain: string): string => `<ticket-${ticketId}@${domain}>`;

/** Unique per mail: one event may mail several people. */
export const notificationMessageId = (ticketId: string, eventId: string, userId: string, domain: string) =>
  `<ticket-${ticketId}.${eventId}.${userId}@${domain}>`;

export function threadHeaders(ticketId: string, domain: string): Record<string, string> {
  const root = threadRootId(ticketId, domain);
  return { 'In-Reply-To': root, References: root };
}

const TICKET_REFERENCE = /<ticket-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})[.@]/i;

/** The ticket a reply belongs to, from its In-Reply-To / References, when it answers one of our mails. */
export function ticketIdFromReferences(references: readonly string[]): string | null {
  for (const ref of references) {
    const match = TICKET_REFERENCE.exec(ref);
    if (match) return match[1].toLowerCase();
  }
  return null;
}
