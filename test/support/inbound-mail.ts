import { NestFastifyApplication } from '@nestjs/platform-fastify';
import MailComposer from 'nodemailer/lib/mail-composer';
import Mail from 'nodemailer/lib/mailer';
import request from 'supertest';

/** A mail as a sender's client writes it: from, to, cc, subject, text, headers, threading ids, attachments. */
export type MailInput = Mail.Options;

/** `m` as the raw RFC 822 bytes a mail gateway forwards, sent to `to` unless `m` names its own recipient. */
export const composeMail = (m: MailInput, to = 'support@example.test'): Promise<Buffer> =>
  new MailComposer({ to, ...m }).compile().build();

export interface InboundOptions {
  /** the X-Inbound-Secret header to send instead of the suite's, or null for none */
  secret?: string | null;
  /** another app than the suite's */
  on?: NestFastifyApplication;
}

/**
 * `POST /api/v1/inbound/email` as the mail gateway calls it, for the app of a suite whose INBOUND_EMAIL_SECRET is
 * `secret`: `post(raw)` sends raw mail bytes, `compose(m)` writes a mail to `to` (see composeMail), `mail(m)` does
 * both. The answers are supertest's, unchecked, but for `mailOpensTicket`.
 */
export function inboundMail(app: () => NestFastifyApplication, secret: string, to?: string) {
  const post = (raw: Buffer, options: InboundOptions = {}) => {
    const req = request((options.on ?? app()).getHttpServer())
      .post('/api/v1/inbound/email')
      .set('Content-Type', 'message/rfc822');
    const sent = options.secret === undefined ? secret : options.secret;
    if (sent !== null) void req.set('X-Inbound-Secret', sent);
    return req.send(raw);
  };
  const compose = (m: MailInput): Promise<Buffer> => composeMail(m, to);
  const mail = async (m: MailInput, options: InboundOptions = {}) => post(await compose(m), options);
  return {
    post,
    compose,
    mail,
    /**
     * Sends `m`, expecting a ticket of its own (201 `ticket_created`) and not a reply on the ticket `notOnto`
     * (one its subject names); the new ticket's id.
     */
    mailOpensTicket: async (m: MailInput, notOnto: string): Promise<string> => {
      const res = await mail(m);
      expect(res.status).toBe(201);
      expect(res.body.data.status).toBe('ticket_created');
      expect(res.body.data.ticketId).not.toBe(notOnto);
      return res.body.data.ticketId as string;
    },
  };
}
