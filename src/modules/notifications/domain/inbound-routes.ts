/** Recipient address (lower case) → department id, from `INBOUND_ROUTES`. */
export type InboundRoutes = ReadonlyMap<string, string>;

/**
 * The department of a new ticket opened by mail: the route of the first recipient that has one (in the order given:
 * envelope recipient headers, then To, then Cc), else the default department, else none.
 */
export function routeInboundMail(
  recipients: readonly string[],
  routes: InboundRoutes,
  defaultDepartmentId: string | null,
): { departmentId: string | null; recipient: string | null } {
  for (const recipient of recipients) {
    const departmentId = routes.get(recipient.trim().toLowerCase());
    if (departmentId) return { departmentId, recipient: recipient.trim().toLowerCase() };
  }
  return { departmentId: defaultDepartmentId, recipient: recipients[0]?.trim().toLowerCase() ?? null };
}
