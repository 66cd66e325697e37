/** Event types of the contract (API.md, Notifications): used by the outbox, webhooks and real-time streams. */
export enum EventType {
  TICKET_CREATED = 'ticket.created',
  TICKET_UPDATED = 'ticket.updated',
  TICKET_STATUS_CHANGED = 'ticket.status_changed',
  TICKET_PRIORITY_CHANGED = 'ticket.priority_changed',
  TICKET_ASSIGNED = 'ticket.assigned',
  TICKET_MESSAGE_ADDED = 'ticket.message_added',
  TICKET_NOTE_ADDED = 'ticket.note_added',
  TICKET_ATTACHMENT_ADDED = 'ticket.attachment_added',
  APPROVAL_REQUESTED = 'approval.requested',
  APPROVAL_DECIDED = 'approval.decided',
  SLA_BREACHED = 'sla.breached',
  TICKET_ACCESS_REQUESTED = 'ticket.access_requested',
  TICKET_ACCESS_DECIDED = 'ticket.access_decided',
  PASSWORD_RESET_REQUESTED = 'auth.password_reset_requested',
  /** a guest's submission: carries the set-password token of a new account until the confirmation mail is queued */
  GUEST_TICKET_SUBMITTED = 'guest.ticket_submitted',
}
