/** The ticket fields every ticket event carries as `data.ticket` (never message bodies), for producers and consumers. */
export interface TicketSnapshot {
  id: string;
  pid: string;
  title: string;
  status: string;
  priority: string;
  requesterId: string;
  assigneeId: string | null;
  departmentId: string | null;
  teamId: string | null;
  visibility: string;
}
