import { createHash } from 'node:crypto';

const PID_IN_SUBJECT = /\[(TKT-\d{6}-\d{6,})\]/i;
const MAX_TITLE = 200;
const MAX_BODY = 20000;

/** `[TKT-202611-000042]` anywhere in the subject. */
export const pidFromSubject = (subject: string | undefined): string | null =>
  PID_IN_SUBJECT.exec(subject ?? '')?.[1].toUpperCase() ?? null;

/**
 * The new part of a reply: stops at the quote header ("On … wrote:"), an "Original Message" separator or a
 * signature delimiter, and drops quoted (`>`) lines.
 */
export function stripQuotedReply(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const next = lines[i + 1] ?? '';
    if (/^\s*On\b.*\bwrote:\s*$/i.test(line)) break;
    if (/^\s*On\b/i.test(line) && /\bwrote:\s*$/i.test(next)) break; // header wrapped over two lines
    if (/^\s*-{2,}\s*Original Message\s*-{2,}/i.test(line)) break;
    if (line === '-- ') break;
    if (/^\s*>/.test(line)) continue;
    kept.push(line);
  }
  return kept.join('\n').trim();
}

/** A ticket title from a subject: no Re:/Fwd: prefixes or PID, 3 to 200 characters. */
export function ticketTitleFrom(subject: string | undefined): string {
  const title = (subject ?? '')
    .replace(PID_IN_SUBJECT, '')
    .replace(/^\s*((re|fwd?|aw|wg|sv|tr)\s*:\s*)+/i, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (title.length < 3) return '(no subject)';
  return title.length > MAX_TITLE ? `${title.slice(0, MAX_TITLE - 1)}…` : title;
}

/** A message body from a mail's text: the reply without quotes, 1 to 20000 characters. */
export function messageBodyFrom(text: string | undefined): string {
  const body = stripQuotedReply(text ?? '');
  if (body.length === 0) return '(empty message)';
  return body.length > MAX_BODY ? `${body.slice(0, MAX_BODY - 1)}…` : body;
}

/** Autoresponders and bulk mail: answering them, or filing them, would start mail loops. */
export function isAutoReply(headers: ReadonlyMap<string, unknown>): boolean {
  const value = (name: string) => {
    const v = headers.get(name);
    return typeof v === 'string' ? v.trim().toLowerCase() : '';
  };
  const autoSubmitted = value('auto-submitted');
  if (autoSubmitted && autoSubmitted !== 'no') return true;
  if (['bulk', 'junk', 'auto_reply', 'list'].includes(value('precedence'))) return true;
  return headers.has('x-autoreply') || headers.has('x-autorespond');
}

/** The mail's Message-ID, or (when it has none) one derived from its bytes, so a redelivery is still recognised. */
export function inboundMessageId(messageId: string | undefined, raw: Buffer): string {
  const given = messageId?.trim();
  if (given && given.length <= 512) return given;
  return `<${createHash('sha256').update(raw).digest('hex')}@inbound.invalid>`;
}
