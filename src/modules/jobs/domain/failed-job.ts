import { isPrivateEvent } from '../../../common/events/private-events';

/** A job that failed for good, as an admin sees it: what it was, why it failed, never a secret it carried. */
export interface FailedJob {
  queue: string;
  id: string;
  name: string;
  data: unknown;
  failedReason: string | null;
  attemptsMade: number;
  maxAttempts: number;
  createdAt: Date;
  failedAt: Date | null;
}

export const REDACTED = '[REDACTED]';

/** property names whose values are secrets wherever they appear (tokens, passwords, keys, signatures) */
const SECRET_KEY =
  /pass(word|phrase)?$|passwd|secret|token|hash$|authori[sz]ation|cookie|signature|credential|api[-_]?key|private[-_]?key/i;
/** a mail's body and headers may carry links with tokens in them; recipient, subject and kind identify it */
const MAIL_BODY_KEYS = new Set(['text', 'html', 'headers']);
const MAX_DEPTH = 8;
const MAX_STRING = 2000;
const MAX_REASON = 1000;

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string')
    return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}… (${value.length} chars)` : value;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>))
    out[key] = SECRET_KEY.test(key) ? REDACTED : redactValue(v, depth + 1);
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A job's data fit to show: secret-named properties anywhere are replaced, the data of private events (a reset token,
 * a guest's set-password token) is withheld whole, mail bodies are left out, and long strings are cut.
 */
export function redactJobData(queue: string, data: unknown): unknown {
  if (!isRecord(data)) return redactValue(data, 0);
  const shown: Record<string, unknown> = { ...data };
  if (queue === 'mail') for (const key of MAIL_BODY_KEYS) if (key in shown) shown[key] = REDACTED;
  if (typeof shown.type === 'string' && isPrivateEvent(shown.type) && 'data' in shown) shown.data = REDACTED;
  if (isRecord(shown.event) && typeof shown.event.type === 'string' && isPrivateEvent(shown.event.type))
    shown.event = { ...shown.event, data: REDACTED };
  return redactValue(shown, 0);
}

/** The failure message without credentials in URLs (`scheme://user:pass@host`) and cut to a readable length. */
export function redactFailureReason(reason: string | null | undefined): string | null {
  if (!reason) return null;
  const clean = reason.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, `$1${REDACTED}@`);
  return clean.length > MAX_REASON ? `${clean.slice(0, MAX_REASON)}…` : clean;
}
