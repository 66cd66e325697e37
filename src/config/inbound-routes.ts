const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ADDRESS = /^[^\s@<>,=]+@[^\s@<>,=]+$/;

/**
 * Parses `INBOUND_ROUTES` (`billing@example.com=<uuid>,it@example.com=<uuid>`) into address (lower case) →
 * department id. Throws with a message naming the bad entry, so the configuration check at start can print it.
 */
export function parseInboundRoutes(value: string | undefined): Map<string, string> {
  const routes = new Map<string, string>();
  for (const entry of (value ?? '').split(',')) {
    const trimmed = entry.trim();
    if (trimmed === '') continue;
    const at = trimmed.lastIndexOf('=');
    const address = trimmed.slice(0, Math.max(at, 0)).trim().toLowerCase();
    const departmentId = trimmed
      .slice(at + 1)
      .trim()
      .toLowerCase();
    if (at <= 0 || !ADDRESS.test(address) || !UUID.test(departmentId))
      throw new Error(`"${trimmed}" is not address=departmentId`);
    if (routes.has(address) && routes.get(address) !== departmentId)
      throw new Error(`${address} is routed to two departments`);
    routes.set(address, departmentId);
  }
  return routes;
}
