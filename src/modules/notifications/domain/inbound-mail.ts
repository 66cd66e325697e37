import { isPid } from '../../../common/ids';
import { charLength } from '../../../common/text/char-length';

/** A bracketed tag shaped like a PID; it names a ticket only when it is one by the PID rule (a real month). */
const PID_TAG = /\[(TKT-\d{6}-\d{6,})\]/gi;
const MAX_TITLE = 200;
const MAX_BODY = 20000;

/** At most `max` characters (code points, as the schema counts them, never half an emoji), `…` marking a cut. */
const cut = (text: string, max: number): string => {
  if (charLength(text) <= max) return text;
  return `${Array.from(text)
    .slice(0, max - 1)
    .join('')}…`;
};

/** The first PID in a `[TKT-202611-000042]` tag anywhere in the subject; a tag with no month such as 00 is no PID. */
export function pidFromSubject(subject: string | undefined): string | null {
  for (const tag of (subject ?? '').matchAll(PID_TAG)) {
    const pid = tag[1].toUpperCase();
    if (isPid(pid)) return pid;
  }
  return null;
}

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
  let removed = false; // the tag pidFromSubject reads, the first PID
  const title = (subject ?? '')
    .replace(PID_TAG, (tag, pid: string) => {
      if (removed || !isPid(pid.toUpperCase())) return tag;
      removed = true;
      return '';
    })
    .replace(/^\s*((re|fwd?|aw|wg|sv|tr)\s*:\s*)+/i, '')
    .replace(/\s+/g, ' ')
    .trim();
  // counted as the database counts it: a subject of two emoji is too short, whatever its UTF-16 length
  if (charLength(title) < 3) return '(no subject)';
  return cut(title, MAX_TITLE);
}

/** A message body from a mail's text: the reply without quotes, 1 to 20000 characters. */
export function messageBodyFrom(text: string | undefined): string {
  const body = stripQuotedReply(text ?? '');
  if (body.length === 0) return '(empty message)';
  return cut(body, MAX_BODY);
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

/** The mail's Message-ID, or (when it has none) one derived from the SHA-256 of its bytes, so a redelivery is still
 * recognised. */
export function inboundMessageId(messageId: string | undefined, rawSha256Hex: string): string {
  const given = messageId?.trim();
  if (given && given.length <= 512) return given;
  return `<${rawSha256Hex}@inbound.invalid>`;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
const BLOCK_ENDS = new Set(['br', 'p', 'div', 'li', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote']);
const SKIPPED = new Set(['script', 'style', 'head']);
const TAG_NAME = /^\s*(\/?)\s*([a-z][a-z0-9]*)/i;

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (whole, name: string) => {
    if (name[0] !== '#') return ENTITIES[name.toLowerCase()] ?? whole;
    const code = name[1].toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/**
 * The readable text of an HTML mail part, for mails without a plain-text part: comments, scripts, styles and the head
 * dropped, block ends as line breaks, tags removed, common entities decoded. One pass that only moves forward, so it
 * stays linear on any input (a regular expression over unclosed tags would not), unlike a full HTML renderer.
 */
export function textFromHtml(html: string): string {
  const out: string[] = [];
  let i = 0;
  while (i < html.length) {
    const open = html.indexOf('<', i);
    if (open === -1) {
      out.push(html.slice(i));
      break;
    }
    out.push(html.slice(i, open));
    if (html.startsWith('<!--', open)) {
      const end = html.indexOf('-->', open + 4);
      if (end === -1) break;
      i = end + 3;
      continue;
    }
    const close = html.indexOf('>', open + 1);
    if (close === -1) break; // an unterminated tag: the rest is markup
    i = close + 1;
    const tag = TAG_NAME.exec(html.slice(open + 1, Math.min(close, open + 64)));
    if (!tag) continue;
    const name = tag[2].toLowerCase();
    if (tag[1] === '' && SKIPPED.has(name)) {
      const end = new RegExp(`</${name}\\s*>`, 'gi');
      end.lastIndex = i;
      if (!end.exec(html)) break;
      i = end.lastIndex;
    } else if (BLOCK_ENDS.has(name) && (tag[1] === '/' || name === 'br')) {
      out.push('\n');
    }
  }
  return decodeEntities(out.join(''))
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
