import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Whether an Authorization header carries `Bearer <METRICS_TOKEN>`. Without a token configured, /metrics is open
 * (keep it off the public ingress then). Compared in constant time, over digests so the length leaks nothing.
 */
export function metricsAccessAllowed(authorization: string | undefined, token: string | undefined): boolean {
  if (!token) return true;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match !== null && timingSafeEqual(digest(match[1]), digest(token));
}

/** What a scraper without the right token is told to send. */
export const METRICS_CHALLENGE = 'Bearer realm="metrics"';
