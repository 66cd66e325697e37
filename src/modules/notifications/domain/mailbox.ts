/** Where the password of a mailbox is stored, encrypted: the cipher's additional data for it. */
export const MAILBOX_PASSWORD_PURPOSE = 'mailboxes.password';

/** An IMAP mailbox the worker imports support mail from, as ADMINs see it (never its password). */
export interface Mailbox {
  id: string;
  name: string;
  host: string;
  port: number;
  secure: boolean;
  username: string;
  folder: string;
  processedFolder: string | null;
  departmentId: string;
  active: boolean;
  lastSyncAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  importedTotal: number;
  failedTotal: number;
  /** bumped on every change of settings: a worker serving an older version reconnects */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A mailbox's settings as an ADMIN chose them: what the audit log keeps (not its sync state, never a password). */
export const MAILBOX_SETTINGS = [
  'id',
  'name',
  'host',
  'port',
  'secure',
  'username',
  'folder',
  'processedFolder',
  'departmentId',
  'active',
] as const satisfies readonly (keyof Mailbox)[];

export type MailboxSettings = Pick<Mailbox, (typeof MAILBOX_SETTINGS)[number]>;

export const settingsOf = (mailbox: Mailbox): MailboxSettings =>
  Object.fromEntries(MAILBOX_SETTINGS.map((key) => [key, mailbox[key]])) as MailboxSettings;

/** What a worker needs to serve a mailbox: its settings with the (encrypted) password and the watermark. */
export interface MailboxForSync extends Mailbox {
  passwordEncrypted: string;
  uidValidity: number | null;
  lastUid: number;
}

/** The login of a mailbox, decrypted only in memory to connect. */
export interface ImapSettings {
  host: string;
  port: number;
  secure: boolean;
  username: string;
  password: string;
  folder: string;
  processedFolder: string | null;
}

/** A mail that could not be imported, kept raw for ADMINs to read and retry. */
export interface MailboxFailure {
  id: string;
  mailboxId: string;
  uid: number;
  messageId: string | null;
  subject: string | null;
  error: string;
  rawSizeBytes: number | null;
  status: 'FAILED' | 'IMPORTED';
  attempts: number;
  ticketId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Delay before reconnecting after `failures` failed attempts in a row: 2 s doubling, at most 5 minutes. */
export const reconnectDelayMs = (failures: number): number =>
  Math.min(300_000, 2000 * 2 ** Math.max(0, Math.min(failures - 1, 20)));

/**
 * Text that came from the server or the IMAP library, trimmed; withheld whole (undefined) when it holds the password.
 * Masking only the occurrences would garble the text for a short password and show where it occurs.
 */
function foreignText(text: string | undefined, password: string | undefined): string | undefined {
  const trimmed = text?.trim();
  if (!trimmed || (password && text!.includes(password))) return undefined;
  return trimmed;
}

/**
 * Errors as ADMINs read them: what the server said, in words; never a password or a stack. Only the server's and the
 * library's words can hold the password (a server may echo the login): those are left out when they do.
 */
export function describeImapError(err: unknown, password?: string): string {
  const e = (err ?? {}) as {
    authenticationFailed?: boolean;
    responseText?: string;
    serverResponseCode?: string;
    code?: string;
    message?: string;
    mailboxMissing?: boolean;
  };
  const said = foreignText(e.responseText, password);
  let text: string;
  if (e.authenticationFailed || e.serverResponseCode === 'AUTHENTICATIONFAILED')
    text = `Login refused by the server${said ? `: ${said}` : ''}`;
  else if (e.code === 'ECONNREFUSED') text = 'Connection refused: nothing listens on that host and port';
  else if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') text = 'The host name does not resolve';
  else if (e.code === 'ETIMEDOUT' || e.code === 'CONNECT_TIMEOUT') text = 'The server did not answer in time';
  else if (e.mailboxMissing || e.serverResponseCode === 'NONEXISTENT')
    text = `The folder does not exist${said ? `: ${said}` : ''}`;
  else if (said) text = `The server answered: ${said}`;
  else text = foreignText(e.message, password) ?? 'The connection failed';
  return text.replace(/\s+/g, ' ').slice(0, 1000);
}
